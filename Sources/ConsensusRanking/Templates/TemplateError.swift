/// A template (or chain prompt) that cannot be found, read or used: what is wrong (``kind``),
/// where the template came from (``source``), the field at fault and its value.
///
/// The description is one line, `source: field "name" reason`, with the parts that do not
/// apply left out, as ``BenchmarkError`` writes it, for example
/// `my.json: field "generator.correct" must contain {question}`; an error about an option (the
/// chat template) starts with the option: `--apply-chat-template needs the model's chat template, …`.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. New kinds may be added.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Code: String, Sendable, Hashable {
            case notFound, unreadable, malformed, invalid, chatTemplate
        }

        fileprivate let code: Code

        /// No built-in template has the name, and no file has it as its path (``value``).
        public static let notFound = Kind(code: .notFound)
        /// The file exists but cannot be read.
        public static let unreadable = Kind(code: .unreadable)
        /// The file is not JSON of a template: a field is missing, null or of the wrong type.
        public static let malformed = Kind(code: .malformed)
        /// The template is well-formed but cannot be used: a placeholder is missing, the
        /// generator's prompts are the same, the labels are empty or the same.
        public static let invalid = Kind(code: .invalid)
        /// The model's chat template cannot be applied (``field`` is the option that asked for it).
        public static let chatTemplate = Kind(code: .chatTemplate)

        public var description: String { code.rawValue }
    }

    public var kind: Kind
    /// Where the template came from: its file's path or `built-in template`; nil when none was
    /// found, or for an option's error.
    public var source: String?
    /// The field at fault, as a dotted path in the template (`generator.correct`), or the option
    /// that asked for a chat template (`--apply-chat-template`, `options.apply_chat_template`);
    /// nil when the template as a whole is at fault.
    public var field: String?
    /// The offending value (the unknown name, the field's text), when there is one.
    public var value: String?
    /// What is wrong, completing a sentence that starts with the field (or the source).
    public var reason: String

    /// Creates an error.
    public init(_ kind: Kind, source: String? = nil, field: String? = nil, value: String? = nil, reason: String) {
        self.kind = kind
        self.source = source
        self.field = field
        self.value = value
        self.reason = reason
    }

    /// `source: field "name" reason`.
    public var description: String {
        switch (source, field) {
        case let (source?, field?): "\(source): field \"\(field)\" \(reason)"
        case let (source?, nil): "\(source): \(reason)"
        case let (nil, field?): "\(field) \(reason)"
        case (nil, nil): reason
        }
    }
}
