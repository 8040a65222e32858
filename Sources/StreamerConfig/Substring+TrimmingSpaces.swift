extension Substring {
    /// Without leading and trailing spaces and tabs (`50000 - 50999` splits into `50000 ` and ` 50999`).
    func trimmingSpaces() -> Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result.removeFirst() }
        while result.last == " " || result.last == "\t" { result.removeLast() }
        return result
    }
}
