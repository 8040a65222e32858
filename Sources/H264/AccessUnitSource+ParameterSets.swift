extension AccessUnitSource {
    /// Sources with an encoder of their own know their parameter sets from the start.
    public var hasParameterSets: Bool { true }
}
