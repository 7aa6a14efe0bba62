internal import CLlama
import ConsensusScoring
import Foundation

/// The model's chat template (GGUF `tokenizer.chat_template`), applied by llama.cpp's
/// `llama_chat_apply_template`: it recognises the well-known templates (ChatML, Llama 3, Gemma,
/// Mistral, Phi, …) from their text and runs no Jinja.
extension LlamaModel {
    /// Placeholders for the messages: the template is rendered once on them, and the rendering
    /// split around them into markup (``ChatFormat``).
    static let userPlaceholder = "CONSENSUSUSERMESSAGE7F3A"
    static let systemPlaceholder = "CONSENSUSSYSTEMMESSAGE7F3A"

    /// The chat template in the GGUF metadata, or nil when the file has none.
    var chatTemplate: String? {
        llama_model_chat_template(pointer, nil).map { String(cString: $0) }
    }

    /// The model's chat template around one user message, with `systemInstruction` as the system
    /// turn, and the assistant turn opened.
    /// - Throws: ``ScoringError`` (`invalidRequest`) when the file has no chat template, llama.cpp
    ///   does not recognise it, or it does not show the messages as written.
    func chatFormat(systemInstruction: String?) throws -> ChatFormat {
        guard let template = chatTemplate else {
            throw ScoringError(.invalidRequest, "\(path) has no chat template in its GGUF metadata (tokenizer.chat_template), so its prompts cannot be chat-formatted")
        }
        var messages: [(role: String, content: String)] = []
        if systemInstruction != nil { messages.append(("system", Self.systemPlaceholder)) }
        messages.append(("user", Self.userPlaceholder))
        let rendering = try applyChatTemplate(template, messages: messages, addAssistant: true)
        return try ChatFormat(
            rendering: rendering, userPlaceholder: Self.userPlaceholder,
            system: systemInstruction.map { (Self.systemPlaceholder, $0) }, templateHash: SHA256.hex(template))
    }

    /// `messages` (role, content) laid out by `template`, the assistant turn opened at the end
    /// when `addAssistant`.
    /// - Throws: ``ScoringError`` (`invalidRequest`) when llama.cpp does not recognise `template`.
    func applyChatTemplate(_ template: String, messages: [(role: String, content: String)], addAssistant: Bool) throws -> String {
        let roles = messages.map { strdup($0.role) }, contents = messages.map { strdup($0.content) }
        defer { (roles + contents).forEach { free($0) } }
        let chat = zip(roles, contents).map { llama_chat_message(role: UnsafePointer($0), content: UnsafePointer($1)) }
        var capacity = 2 * messages.reduce(256) { $0 + $1.role.utf8.count + $1.content.utf8.count }
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let n = llama_chat_apply_template(template, chat, chat.count, addAssistant, &buffer, Int32(capacity))
            guard n >= 0 else {
                throw ScoringError(
                    .invalidRequest,
                    "llama.cpp b11434 does not recognise the chat template of \(path) (SHA-256 \(SHA256.hex(template).prefix(12))…): it applies only the templates it knows (ChatML, Llama 2 and 3, Gemma, Mistral, Phi, …) and runs no Jinja")
            }
            if Int(n) <= capacity {
                return String(decoding: buffer[..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            capacity = Int(n)
        }
    }
}
