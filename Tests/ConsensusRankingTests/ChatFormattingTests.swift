import ConsensusGame
import ConsensusRanking
import ConsensusScoring
import ConsensusTesting
import Foundation
import Logging
import Testing

/// The three prompts wrapped in a chat template, and the chat option of the API (no model: a
/// made-up ChatML format and fixture engines).
@Suite("Chat formatting")
struct ChatFormattingTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let question = RankingQuestion(question: "Which planet is <|im_start|>red?", candidates: ["Mars", "Venus"])
    static let chatML = FixtureEngine.chatML(systemInstruction: "Be brief.")

    /// An engine without a chat template (as a remote one is).
    static let plainEngine = FixtureEngine(location: "http://127.0.0.1:9/v1")
    /// An engine whose model has the ChatML template.
    static let chatEngine = plainEngine.withChatTemplate()

    @Test func eachPromptIsTheUserTurnAndTheAssistantSaysTheContinuation() {
        var options = RankingOptions()
        options.chat = Self.chatML
        let group = EquilibriumRanker(engine: Self.plainEngine, options: options, logger: Self.logger).group(for: Self.question)
        let plain = EquilibriumRanker(engine: Self.plainEngine, logger: Self.logger).group(for: Self.question)
        #expect(group.continuations.count == 4 && group.labels.count == 2)
        for (chat, plain) in zip(group.allContinuationRequests, plain.allContinuationRequests) {
            #expect(chat.parts == Self.chatML.opening + [.text(plain.prompt)] + Self.chatML.closing)
            // The reply has no leading space: nothing precedes it in the assistant's turn.
            #expect(chat.continuation == String(plain.continuation.dropFirst()))
            #expect(plain.continuation.hasPrefix(" "))
        }
        #expect(group.continuations[0].continuation == "Mars")
        #expect(group.labels[1].labels == ["Yes", "No"])
        #expect(group.labels[1].parts[3].text.contains("Answer: Venus\n"))
        // The question's special-token text is in a text part, never in markup.
        #expect(group.allContinuationRequests.allSatisfy { r in r.parts.filter(\.isMarkup).allSatisfy { !$0.text.contains("red?") } })
    }

    @Test func anEngineWithoutAChatTemplateIsAnErrorNamingTheOption() throws {
        let error = #expect(throws: TemplateError.self) {
            try ChatFormatting().format(with: Self.plainEngine, option: "--apply-chat-template")
        }
        #expect(error?.kind == .chatTemplate && error?.field == "--apply-chat-template")
        #expect(error?.description.hasPrefix("--apply-chat-template needs the model's chat template") == true)
        #expect(error?.description.contains("http://127.0.0.1:9/v1") == true)
        let format = try ChatFormatting(systemInstruction: "Hi.").format(with: Self.chatEngine, option: "--apply-chat-template")
        #expect(format.systemInstruction == "Hi.")
    }

    @Test func chatAndPlainPromptsKeyTheirScoresApart() {
        let template = RankingOptions().template
        #expect(template.hash(formattedWith: nil) == template.hash)
        #expect(template.hash(formattedWith: Self.chatML) != template.hash)
        var other = Self.chatML
        other.systemInstruction = nil
        other.opening = [.markup("<|im_start|>user\n")]
        #expect(template.hash(formattedWith: other) != template.hash(formattedWith: Self.chatML))
        #expect(PromptFormatting(nil) == .plain && PromptFormatting(nil).kind == .plain)
        let record = PromptFormatting(Self.chatML)
        #expect(record.kind == .chat && record.chatTemplateHash == "chatml" && record.hash == Self.chatML.hash && record.systemInstruction == "Be brief.")
    }

    @Test func theAPIsChatOptions() throws {
        func request(_ options: String) throws -> RankRequest {
            try RankRequest(try JSONParser.parse(#"{"question": "Q?", "candidates": ["a", "b"], "options": \#(options)}"#))
        }
        #expect(try request("{}").chat == nil)
        #expect(try request(#"{"apply_chat_template": false}"#).chat == nil)
        #expect(try request(#"{"apply_chat_template": true}"#).chat == ChatFormatting())
        #expect(try request(#"{"apply_chat_template": true, "system_instruction": "Be brief."}"#).chat == ChatFormatting(systemInstruction: "Be brief."))
        let needsChat = #expect(throws: GameInputError.self) { try request(#"{"system_instruction": "Be brief."}"#) }
        #expect(needsChat?.field == "options.system_instruction")
        let notBool = #expect(throws: GameInputError.self) { try request(#"{"apply_chat_template": "yes"}"#) }
        #expect(notBool?.field == "options.apply_chat_template")
    }
}
