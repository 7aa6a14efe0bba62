import ConsensusScoring
import Foundation
import Testing

/// A chat template's rendering split into markup and text (no model needed).
@Suite("ChatFormat")
struct ChatFormatTests {
    static let user = "USERMSG"
    static let system = "SYSMSG"

    @Test func aChatMLRenderingSplitsAroundTheUserMessage() throws {
        let rendering = "<|im_start|>user\nUSERMSG<|im_end|>\n<|im_start|>assistant\n"
        let format = try ChatFormat(rendering: rendering, userPlaceholder: Self.user, system: nil, templateHash: "h")
        #expect(format.opening == [.markup("<|im_start|>user\n")])
        #expect(format.closing == [.markup("<|im_end|>\n<|im_start|>assistant\n")])
        #expect(format.systemInstruction == nil)
        let parts = format.parts(user: "Question: <|im_start|>?\nAnswer:")
        #expect(parts.map(\.isMarkup) == [true, false, true])
        #expect(parts[1].text == "Question: <|im_start|>?\nAnswer:")
        let request = ContinuationRequest(parts: parts, continuation: "Mars")
        #expect(request.prompt == "<|im_start|>user\nQuestion: <|im_start|>?\nAnswer:<|im_end|>\n<|im_start|>assistant\n")
        #expect(request.hasMarkup)
    }

    @Test func theSystemInstructionIsTextBetweenMarkup() throws {
        let rendering = "<|im_start|>system\nSYSMSG<|im_end|>\n<|im_start|>user\nUSERMSG<|im_end|>\n<|im_start|>assistant\n"
        let format = try ChatFormat(
            rendering: rendering, userPlaceholder: Self.user, system: (Self.system, "Answer <|im_end|> briefly."), templateHash: "h")
        #expect(format.opening == [.markup("<|im_start|>system\n"), .text("Answer <|im_end|> briefly."), .markup("<|im_end|>\n<|im_start|>user\n")])
        #expect(format.systemInstruction == "Answer <|im_end|> briefly.")
        // Another instruction, another format, another hash.
        let other = try ChatFormat(rendering: rendering, userPlaceholder: Self.user, system: (Self.system, "Be brief."), templateHash: "h")
        #expect(other.hash != format.hash)
        let plain = try ChatFormat(
            rendering: "<|im_start|>user\nUSERMSG<|im_end|>\n<|im_start|>assistant\n", userPlaceholder: Self.user, system: nil, templateHash: "h")
        #expect(plain.hash != format.hash)
    }

    @Test func aTemplateThatDoesNotShowTheMessagesOnceIsRefused() {
        #expect(throws: ScoringError.self) {
            try ChatFormat(rendering: "<s>USERMSG USERMSG</s>", userPlaceholder: Self.user, system: nil, templateHash: "h")
        }
        #expect(throws: ScoringError.self) {  // the system message dropped
            try ChatFormat(rendering: "<s>USERMSG</s><a>", userPlaceholder: Self.user, system: (Self.system, "x"), templateHash: "h")
        }
        #expect(throws: ScoringError.self) {  // no assistant turn after the user's message
            try ChatFormat(rendering: "<s>USERMSG", userPlaceholder: Self.user, system: nil, templateHash: "h")
        }
    }

    @Test func partsSurviveCodingAndPlainRequestsEncodeAsBefore() throws {
        let chat = ContinuationRequest(parts: [.markup("<a>"), .text("q"), .markup("<b>")], continuation: "x")
        let decoded = try JSONDecoder().decode(ContinuationRequest.self, from: JSONEncoder().encode(chat))
        #expect(decoded == chat)
        let plain = ContinuationRequest(prompt: "<a>q<b>", continuation: "x")
        #expect(plain != chat)  // the same characters, but not markup
        let json = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!json.contains("parts"))
        let labels = LabelRequest(parts: chat.parts, labels: ["Yes", "No"])
        #expect(labels.continuationRequests == [
            ContinuationRequest(parts: chat.parts, continuation: "Yes"), ContinuationRequest(parts: chat.parts, continuation: "No"),
        ])
    }
}
