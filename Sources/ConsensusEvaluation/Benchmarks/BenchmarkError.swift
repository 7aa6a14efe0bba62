/// Bad benchmark input: a data file, an ids file, a selection, or outcomes that do not fit
/// their items.
///
/// The description is one line: `file:line: field "name" reason`, with the parts that do not
/// apply left out, for example
/// `arc_easy.jsonl:17: field "answer" is 4 but there are 4 choices (0-based)`.
public struct BenchmarkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file at fault, as the caller named it; `nil` when no file is involved.
    public var file: String?
    /// The 1-based line of ``file``; `nil` for the file as a whole.
    public var line: Int?
    /// The field at fault, as a path such as `choices[2]`; `nil` when the whole line is at fault.
    public var field: String?
    /// What is wrong, completing a sentence that starts with the field (or the location).
    public var reason: String

    /// Creates an error.
    public init(file: String? = nil, line: Int? = nil, field: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// `file:line: field "name" reason`.
    public var description: String {
        var location = ""
        if let file { location = line.map { "\(file):\($0): " } ?? "\(file): " }
        if let field { return "\(location)field \"\(field)\" \(reason)" }
        return location + reason
    }
}
