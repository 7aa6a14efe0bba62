/// One piece of a prompt built from a chat template: the template's own markup, or text that
/// someone wrote (a question, a candidate, a system instruction).
///
/// Special-token text (`<|im_start|>`) becomes a special token only in markup. In text it is
/// ordinary characters, so a question cannot open or close a turn of the conversation.
public struct PromptPart: Sendable, Hashable, Codable {
    /// The characters of the piece.
    public var text: String
    /// Whether `text` is the chat template's markup, whose special-token text is parsed as
    /// special tokens.
    public var isMarkup: Bool

    public init(text: String, isMarkup: Bool) {
        self.text = text
        self.isMarkup = isMarkup
    }

    /// Chat markup: special-token text in it is parsed.
    public static func markup(_ text: String) -> PromptPart { PromptPart(text: text, isMarkup: true) }
    /// Written text: special-token text in it stays text.
    public static func text(_ text: String) -> PromptPart { PromptPart(text: text, isMarkup: false) }
}
