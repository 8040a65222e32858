extension AccessUnitSource {
    /// A source that never ends on its own never calls `ended`.
    public func start(deliver: @escaping @Sendable (AccessUnit) -> Void, ended: @escaping @Sendable (String) -> Void) throws {
        try start(deliver: deliver)
    }
}
