public import ConsensusScoring

/// `--apply-chat-template` with `--system-instruction` (lm-evaluation-harness's names), or the
/// API's `apply_chat_template` and `system_instruction`: the three prompts wrapped in the model's
/// own chat template, once the engine has supplied it (``format(with:option:)``).
public struct ChatFormatting: Sendable, Hashable {
    /// The system turn's text, or nil for no system turn.
    public var systemInstruction: String?

    public init(systemInstruction: String? = nil) {
        self.systemInstruction = systemInstruction
    }

    /// The chat format of `engine`'s model.
    /// - Parameter option: how the user asked for it (`--apply-chat-template`,
    ///   `options.apply_chat_template`), named in the error.
    /// - Throws: ``TemplateError`` of kind ``TemplateError/Kind/chatTemplate`` whose field is
    ///   `option`, when the engine cannot apply its model's chat template: a remote engine (no GGUF metadata), a model without a chat template, or one
    ///   llama.cpp does not recognise.
    public func format(with engine: any ScoringEngine, option: String) throws -> ChatFormat {
        guard let templating = engine as? any ChatTemplating else {
            throw TemplateError(
                .chatTemplate, field: option,
                reason: "needs the model's chat template, which only the in-process llama.cpp engine reads (from the GGUF file's metadata); the engine for \(engine.model.location) cannot apply one")
        }
        do {
            return try templating.chatFormat(systemInstruction: systemInstruction)
        } catch let error as ScoringError {
            throw TemplateError(.chatTemplate, field: option, reason: "cannot be applied: \(error.message)")
        }
    }
}

/// How a ranking's prompts were laid out, as every results file records it: plain text, or
/// wrapped in the model's chat template (with the template's hash and the system instruction).
public struct PromptFormatting: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case plain, chat
    }

    public var kind: Kind
    /// The system turn's text (chat only; nil for none).
    public var systemInstruction: String?
    /// SHA-256 of the model's chat template text (GGUF `tokenizer.chat_template`; chat only).
    public var chatTemplateHash: String?
    /// ``ChatFormat/hash``: the markup exactly as applied, with the system instruction (chat only).
    public var hash: String?

    /// The record of `chat`, or of plain prompts when nil.
    public init(_ chat: ChatFormat?) {
        kind = chat == nil ? .plain : .chat
        systemInstruction = chat?.systemInstruction
        chatTemplateHash = chat?.templateHash
        hash = chat?.hash
    }

    public static let plain = PromptFormatting(nil)

    /// `plain`, or `chat (template #…, format #…, system instruction "…")`.
    public var description: String {
        guard kind == .chat else { return "plain" }
        var text = "chat (template #\(chatTemplateHash?.prefix(12) ?? "?"), format #\(hash?.prefix(12) ?? "?")"
        if let systemInstruction { text += ", system instruction \(ScoringError.quote(systemInstruction))" }
        return text + ")"
    }
}

extension PromptTemplate {
    /// The hash that keys this template's scores: ``hash`` for plain prompts, and with chat
    /// formatting a hash of both, so that chat and plain scores never mix in a cache.
    public func hash(formattedWith chat: ChatFormat?) -> String {
        guard let chat else { return hash }
        return SHA256.hex(hash + "\u{0}chat\u{0}" + chat.hash)
    }
}
