import ConsensusScoring
import ConsensusTesting
import Foundation
import Testing

/// The fixture engine does what its documentation says: scores from its function, refusals as
/// errors, a record of every call, a chat template only when asked.
@Suite("Fixture engine")
struct FixtureEngineTests {
    static let france = ContinuationRequest(prompt: "The capital of France is", continuation: " Paris")
    static let group = ScoringGroup(
        continuations: [france, ContinuationRequest(prompt: "Q", continuation: " a")],
        labels: [LabelRequest(prompt: "Is it right?", labels: [" Yes", " No"])])

    @Test func textHashScoresFollowTheRequestAlone() async throws {
        let engine = FixtureEngine()
        let scores = try await engine.score(Self.group)
        #expect(scores.continuations[0].logProbability == FixtureEngine.textHash(Self.france))
        #expect(try await engine.score(Self.france).logProbability == scores.continuations[0].logProbability)
        let values = Self.group.allContinuationRequests.map(FixtureEngine.textHash)
        #expect(values.allSatisfy { $0 <= -0.1 && $0 >= -10.09 })
        #expect(Set(values).count == values.count)
        // Chat markup changes the score of the same text.
        let chat = ContinuationRequest(parts: [.markup("The capital of France is")], continuation: " Paris")
        #expect(chat.prompt == Self.france.prompt && FixtureEngine.textHash(chat) != FixtureEngine.textHash(Self.france))
        #expect(scores.cost == ScoringCost(tokensEvaluated: 4, modelCalls: 1))
    }

    @Test func aTableAnswersItsEntriesAndRefusesTheRest() async throws {
        let engine = FixtureEngine(scores: FixtureEngine.table([Self.france: -1.5]))
        #expect(try await engine.score(Self.france).logProbability == -1.5)
        let error = await #expect(throws: ScoringError.self) { try await engine.score(Self.group) }
        #expect(error?.kind == .invalidRequest && error?.message.contains("no entry for") == true)
    }

    @Test func preferringLikesTheCandidatesWithTheWord() throws {
        let scores = FixtureEngine.preferring("right")
        #expect(try scores(ContinuationRequest(prompt: "Answer: the right one\n", continuation: " Yes")) == -0.1)
        #expect(try scores(ContinuationRequest(prompt: "Answer: the other one\n", continuation: " Yes")) == -2.5)
        #expect(try scores(ContinuationRequest(prompt: "Answer: the other one\n", continuation: " No")) == -0.1)
        #expect(try scores(ContinuationRequest(prompt: "Answer:", continuation: " abcd")) == -1.0)
    }

    @Test func theRecordKeepsEveryCallAndCopiesShareIt() async throws {
        let engine = FixtureEngine(name: "m", delay: .milliseconds(5), groupsPerCall: 2)
        let copy = engine
        _ = try await copy.score(groups: [Self.group, ScoringGroup(continuations: [Self.france])])
        _ = try await engine.score(Self.group)
        let generated = try await engine.generate(GenerationRequest(prompt: "p", samples: 3, includesGreedy: true))
        #expect(engine.groupsPerCall == 2)
        #expect(engine.record.calls == 3 && engine.record.mostAtOnce == 1)
        #expect(engine.record.groupSizes == [[4, 1], [4]])
        #expect(engine.record.requests.count == 9 && engine.record.requests[4] == Self.france)
        #expect(engine.record.generations.map(\.prompt) == ["p"])
        #expect(generated.samples.map(\.text) == ["m", "m", "m"] && generated.greedy?.text == "m")
    }

    @Test func aChatTemplateOnlyWhenAsked() throws {
        let plain: any ScoringEngine = FixtureEngine(location: "http://127.0.0.1:9/v1")
        #expect(!(plain is any ChatTemplating))
        let chat = FixtureEngine().withChatTemplate()
        let format = try chat.chatFormat(systemInstruction: "Be brief.")
        #expect(format == FixtureEngine.chatML(systemInstruction: "Be brief."))
        #expect(format.opening.contains(.text("Be brief.")) && format.templateHash == "chatml")
        #expect(FixtureEngine.chatML(systemInstruction: nil).opening == [.markup("<|im_start|>user\n")])
        #expect(plain.model.location == "http://127.0.0.1:9/v1")
    }
}
