import Foundation

/// A model's chat template around one user message: the markup that opens the conversation (and
/// the system turn, when there is a system instruction), then the user's message as text, then
/// the markup that closes the user turn and opens the assistant's. What the assistant says is the
/// continuation that is scored.
///
/// An engine that knows its model's template (``ChatTemplating``) renders it once on placeholder
/// messages and splits the rendering into parts (``init(rendering:userPlaceholder:system:templateHash:)``),
/// so the markup is the same text for every prompt: a prefix trie shares it, and special-token
/// text is parsed in it and nowhere else.
public struct ChatFormat: Sendable, Hashable, Codable {
    /// SHA-256 of the chat template's text as the model ships it (GGUF `tokenizer.chat_template`).
    public var templateHash: String
    /// The system turn's text, or nil for no system turn.
    public var systemInstruction: String?
    /// The parts before the user's message: markup, with the system instruction as text.
    public var opening: [PromptPart]
    /// The parts after it: the end of the user turn and the opened assistant turn.
    public var closing: [PromptPart]

    public init(templateHash: String, systemInstruction: String?, opening: [PromptPart], closing: [PromptPart]) {
        self.templateHash = templateHash
        self.systemInstruction = systemInstruction
        self.opening = opening
        self.closing = closing
    }

    /// Splits `rendering`, the chat template applied to placeholder messages (a system message
    /// `system.placeholder` when there is a system instruction, then a user message
    /// `userPlaceholder`, then the opened assistant turn), into markup and text parts.
    /// - Throws: ``ScoringError`` (`invalidRequest`) when a placeholder does not appear exactly
    ///   once, or the system message comes after the user's: the template does not place the
    ///   messages as written.
    public init(rendering: String, userPlaceholder: String, system: (placeholder: String, text: String)?, templateHash: String) throws {
        func pieces(_ text: String, around placeholder: String, what: String) throws -> (String, String) {
            let split = text.components(separatedBy: placeholder)
            guard split.count == 2 else {
                throw ScoringError(
                    .invalidRequest,
                    "the model's chat template shows the \(what) \(split.count - 1) times, not once, so it cannot be applied as markup around the prompt")
            }
            return (split[0], split[1])
        }
        let (beforeUser, afterUser) = try pieces(rendering, around: userPlaceholder, what: "user's message")
        var opening: [PromptPart] = []
        if let system {
            let (beforeSystem, between) = try pieces(beforeUser, around: system.placeholder, what: "system instruction (before the user's message)")
            opening = [.markup(beforeSystem), .text(system.text), .markup(between)]
        } else {
            opening = [.markup(beforeUser)]
        }
        guard !afterUser.isEmpty else {
            throw ScoringError(.invalidRequest, "the model's chat template ends with the user's message: it opens no assistant turn")
        }
        self.init(
            templateHash: templateHash, systemInstruction: system?.text,
            opening: opening.filter { !$0.text.isEmpty }, closing: [.markup(afterUser)])
    }

    /// The parts of a prompt whose user turn is `user`.
    public func parts(user: String) -> [PromptPart] {
        opening + [.text(user)] + closing
    }

    /// SHA-256 of the format's canonical JSON (sorted keys): the chat template's hash, the system
    /// instruction and the markup exactly as applied. Part of every results file and cache key.
    public var hash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return SHA256.hex(String(decoding: try! encoder.encode(self), as: UTF8.self))
    }
}

/// An engine that knows its model's chat template (the in-process engine reads it from the GGUF
/// file's metadata).
public protocol ChatTemplating: Sendable {
    /// The model's chat template around one user message, with `systemInstruction` as the system
    /// turn (none when nil).
    /// - Throws: ``ScoringError`` when the model has no chat template, or one the engine cannot
    ///   apply.
    func chatFormat(systemInstruction: String?) throws -> ChatFormat
}
