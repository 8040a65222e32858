/// What `camstream doctor` found, as sections of plain lines a person reads top to bottom.
public struct DoctorReport: Sendable {
    public enum Mark: String, Sendable {
        case ok = "ok      "
        case warning = "warning "
        case problem = "PROBLEM "
        case info = "        "
    }

    public struct Section: Sendable {
        public var title: String
        public var lines: [String] = []
    }

    public private(set) var sections: [Section] = []
    public private(set) var problems = 0
    public private(set) var warnings = 0

    mutating func section(_ title: String) {
        sections.append(Section(title: title))
    }

    /// A finding: its mark in a column of its own, continuation lines indented under the text.
    mutating func add(_ mark: Mark, _ text: String) {
        switch mark {
        case .problem: problems += 1
        case .warning: warnings += 1
        case .ok, .info: break
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        sections[sections.count - 1].lines.append("  \(mark.rawValue)\(lines[0])")
        for line in lines.dropFirst() {
            sections[sections.count - 1].lines.append(line.isEmpty ? "" : "          \(line)")
        }
    }

    /// A line of plain text (a URL, an instruction), indented like the findings' text.
    mutating func note(_ text: String) {
        sections[sections.count - 1].lines.append("          \(text)")
    }

    public var rendered: String {
        var text = sections.map { section in
            ([section.title] + section.lines).joined(separator: "\n")
        }.joined(separator: "\n\n")
        text += "\n\n\(Self.count(problems, "problem")), \(Self.count(warnings, "warning"))\n"
        return text
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
