import ConsensusTesting
import Testing

@testable import ConsensusScoring

@Suite struct PlayerEnginesTests {
    /// The generator's fixture scores every continuation −1, the discriminator's −2: a group's
    /// continuations come from the one, its labels from the other, each engine asked only its part.
    @Test func theGeneratorScoresContinuationsAndTheDiscriminatorLabels() async throws {
        let generator = FixtureEngine(name: "small", scores: { _ in -1 })
        let discriminator = FixtureEngine(name: "large", scores: { _ in -2 })
        let players = PlayerEngines(generator: generator, discriminator: discriminator)
        let group = ScoringGroup(
            continuations: [ContinuationRequest(prompt: "Q:", continuation: " Mars"), ContinuationRequest(prompt: "Q:", continuation: " Venus")],
            labels: [LabelRequest(prompt: "Is Mars right?", labels: [" Yes", " No"])])
        let scores = try await players.score(group)
        #expect(scores.continuations.map(\.logProbability) == [-1, -1])
        #expect(scores.labels.map { $0.map(\.logProbability) } == [[-2, -2]])
        #expect(scores.cost.tokensEvaluated == 4 && scores.cost.modelCalls == 2)
        #expect(generator.record.requests.map(\.continuation) == [" Mars", " Venus"])
        #expect(discriminator.record.requests.map(\.continuation) == [" Yes", " No"])
        // Both models are in the description, so the cache and results files keep the pair apart.
        #expect(players.model.name == "small (generator) + large (discriminator)")
        #expect(players.model.fileHash.contains("generator") && players.model.fileHash != generator.model.fileHash)
    }

    @Test func twoChatTemplatesThatDifferAreRefused() throws {
        let chatML = FixtureEngine(name: "a").withChatTemplate()
        let same = PlayerEngines(generator: chatML, discriminator: FixtureEngine(name: "b").withChatTemplate())
        #expect(try same.chatFormat(systemInstruction: nil) == FixtureEngine.chatML(systemInstruction: nil))
        let other = FixtureEngine(name: "c").withChatTemplate { _ in
            ChatFormat(templateHash: "other", systemInstruction: nil, opening: [.markup("<user>")], closing: [.markup("<bot>")])
        }
        let error = #expect(throws: ScoringError.self) { try PlayerEngines(generator: chatML, discriminator: other).chatFormat(systemInstruction: nil) }
        #expect(error?.message.contains("different chat templates") == true)
        let plain = PlayerEngines(generator: chatML, discriminator: FixtureEngine(name: "d"))
        #expect(throws: ScoringError.self) { try plain.chatFormat(systemInstruction: nil) }
    }
}
