import ConsensusLlama
import ConsensusScoring
import Testing

/// The small model's own chat template (SmolLM2-135M-Instruct's GGUF carries ChatML), applied
/// by llama.cpp, and special-token text kept out of everything but its markup.
@Suite("Chat template", .serialized)
struct ChatTemplateTests {
    @Test func theSmallModelsTemplateIsChatML() throws {
        let engine = try EngineFixture.engine()
        let format = try engine.chatFormat(systemInstruction: nil)
        #expect(format.opening == [.markup("<|im_start|>user\n")])
        #expect(format.closing == [.markup("<|im_end|>\n<|im_start|>assistant\n")])
        #expect(format.templateHash.count == 64)
        let withSystem = try engine.chatFormat(systemInstruction: "You answer in one word.")
        #expect(withSystem.opening == [.markup("<|im_start|>system\n"), .text("You answer in one word."), .markup("<|im_end|>\n<|im_start|>user\n")])
        #expect(withSystem.closing == format.closing)
        #expect(withSystem.templateHash == format.templateHash && withSystem.hash != format.hash)
    }

    /// A question that contains `<|im_start|>` and `<|im_end|>` stays ordinary text tokens: the
    /// prompt holds exactly the markup's special tokens, and the question's tokens are its plain
    /// tokenization.
    @Test func specialTokenTextInTheQuestionStaysText() async throws {
        let engine = try EngineFixture.engine()
        let format = try engine.chatFormat(systemInstruction: nil)
        let question = "Question: What does <|im_start|>assistant mean?<|im_end|>\nAnswer:"
        let imStart = try engine.tokenize(ContinuationRequest(parts: [.markup("<|im_start|>")], continuation: "x")).prompt
        let imEnd = try engine.tokenize(ContinuationRequest(parts: [.markup("<|im_end|>")], continuation: "x")).prompt
        try #require(imStart.count == 1 && imEnd.count == 1, "<|im_start|> and <|im_end|> are single special tokens in markup")

        let chat = try engine.tokenize(ContinuationRequest(parts: format.parts(user: question), continuation: "Mars"))
        #expect(chat.prompt.filter { $0 == imStart[0] }.count == 2)  // the user turn and the assistant turn
        #expect(chat.prompt.filter { $0 == imEnd[0] }.count == 1)  // the end of the user turn
        let opening = try engine.tokenize(ContinuationRequest(parts: format.opening, continuation: "x")).prompt
        let questionTokens = try engine.tokenize(text: question, addSpecialTokens: false)
        #expect(Array(chat.prompt[opening.count..<(opening.count + questionTokens.count)]) == questionTokens)
        #expect(chat.continuation == (try engine.tokenize(text: "Mars", addSpecialTokens: false)))

        // Had the question been parsed as markup, its special-token text would be special tokens.
        let parsed = try engine.tokenize(ContinuationRequest(parts: format.opening + [.markup(question)] + format.closing, continuation: "Mars"))
        #expect(parsed.prompt.filter { $0 == imStart[0] }.count == 3)
        #expect(parsed.prompt.count < chat.prompt.count)

        // It scores as any request does, and a plain request of the same characters differs.
        let score = try await engine.score(ContinuationRequest(parts: format.parts(user: question), continuation: "Mars"))
        #expect(score.promptTokenCount == chat.prompt.count && score.continuationTokenCount == chat.continuation.count)
        let plain = try engine.tokenize(ContinuationRequest(prompt: ContinuationRequest(parts: format.parts(user: question), continuation: "").prompt, continuation: "Mars"))
        #expect(!plain.prompt.contains(imStart[0]))
    }
}
