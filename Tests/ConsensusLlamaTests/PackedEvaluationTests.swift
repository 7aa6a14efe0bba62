import ConsensusLlama
import ConsensusScoring
import Testing

/// Packing sibling branches into shared decodes, against evaluating one branch at a time.
@Suite("Packed evaluation", .serialized)
struct PackedEvaluationTests {
    /// Groups of awkward shapes: chains that start at position 0 side by side, a continuation
    /// that is a prefix of another, multi-token labels, an empty prompt, a long shared prompt.
    static let raggedGroup: ScoringGroup = {
        let long = "Notes: " + (1...12).map { "item \($0) is on shelf \($0 % 4)." }.joined(separator: " ")
        let continuations = [
            ContinuationRequest(prompt: "Count: one, two,", continuation: " three"),
            ContinuationRequest(prompt: "Count: one, two,", continuation: " three, four"),
            ContinuationRequest(prompt: "Count: one, two,", continuation: " three, four, five"),
            ContinuationRequest(prompt: "Dogs", continuation: " bark at night."),
            ContinuationRequest(prompt: "", continuation: "Hello"),
            ContinuationRequest(prompt: long + "\nWhere is item 7?", continuation: " On shelf 3."),
            ContinuationRequest(prompt: long + "\nWhere is item 9?", continuation: " On shelf 1."),
            ContinuationRequest(prompt: long + "\nWhere is item 9?", continuation: " Nowhere."),
        ]
        let labels = [
            LabelRequest(prompt: long + "\nIs item 2 on shelf 2?", labels: [" Yes", " No", " It is on shelf two"]),
            LabelRequest(prompt: "Dogs bark.", labels: [" True", " False"]),
        ]
        return ScoringGroup(continuations: continuations, labels: labels)
    }()

    /// One thread: the figures do not depend on it, and the tests stay fast on a busy machine.
    static func engine(batchSize: Int, packs: Bool, model: String? = nil, packTokens: Int? = nil) throws -> LlamaEngine {
        var settings = LlamaEngineSettings()
        settings.threads = 1
        settings.batchSize = batchSize
        settings.packsBranches = packs
        settings.packTokens = packTokens
        return try LlamaEngine(modelPath: try model ?? EngineFixture.smallModel, settings: settings, logger: EngineFixture.logger)
    }

    static func tokenScores(_ scores: GroupScores) -> [[Double]] {
        (scores.continuations + scores.labels.flatMap { $0 }).map(\.tokenLogProbabilities)
    }

    /// Bit-identical scores, whatever the batch size; the same tokens evaluated as one branch
    /// at a time, except the throwaway tokens that keep a decode at two or more rows.
    @Test(arguments: [3, 512])
    func packedScoresAreBitIdentical(batchSize: Int) async throws {
        let reference = try Self.engine(batchSize: 512, packs: false)
        let packed = try Self.engine(batchSize: batchSize, packs: true)
        let er = LlamaEngineTests.erGroup(passage: "Passage: Mars looks red because of iron oxide on its surface.\n")
        for group in [Self.raggedGroup, er] {
            let expected = try await reference.score(group)
            let got = try await packed.score(group)
            #expect(Self.tokenScores(got) == Self.tokenScores(expected))
            #expect(got.continuations.map(\.isGreedy) == expected.continuations.map(\.isGreedy))
            #expect(got.cost.trieMinimumTokens == expected.cost.trieMinimumTokens)
            #expect(got.cost.tokensEvaluated >= got.cost.trieMinimumTokens)
            #expect(got.cost.tokensEvaluated <= got.cost.trieMinimumTokens + 2, "\(got.cost.tokensEvaluated) vs \(got.cost.trieMinimumTokens)")
        }
        // Requests scored alone, one by one, agree too.
        for request in Self.raggedGroup.continuations.prefix(5) {
            let alone = try await packed.score(request)
            let sequential = try await reference.score(request)
            #expect(alone.tokenLogProbabilities == sequential.tokenLogProbabilities)
        }
    }

    /// One decode per level of branching, where one branch at a time takes one per answer. In
    /// this group only the last answer and the label " Not sure" have more than one token, so
    /// the discriminator prompts are the only branching below the question: two levels.
    @Test func aQuestionsGroupTakesOneDecodePerLevel() async throws {
        let er = LlamaEngineTests.erGroup(passage: "Passage: Mars looks red because of iron oxide on its surface.\n")
        let packed = try await Self.engine(batchSize: 512, packs: true).score(er)
        let sequential = try await Self.engine(batchSize: 512, packs: false).score(er)
        #expect([packed.cost.modelCalls, sequential.cost.modelCalls] == [2, 12])
    }

    /// Several questions' groups evaluated together (``LlamaEngine/score(groups:)``) get exactly
    /// their scores alone, in fewer decodes; so do they on the default model, whose K-quant
    /// matrix products would otherwise round differently below eight rows (docs/engine.md).
    @Test(arguments: [false, true])
    func groupsPackedTogetherScoreAsAlone(defaultModel: Bool) async throws {
        let model = try defaultModel ? EngineFixture.defaultModel : EngineFixture.smallModel
        // The largest pack, so that the four groups share decodes on either model.
        let together = try Self.engine(batchSize: 512, packs: true, model: model, packTokens: LlamaEngineSettings.packTokenCap)
        let alone = try Self.engine(batchSize: 512, packs: false, model: model)
        let groups = [
            LlamaEngineTests.erGroup(passage: "Passage: Mars looks red because of iron oxide on its surface.\n"),
            Self.raggedGroup,
            LlamaEngineTests.erGroup(passage: ""),
            ScoringGroup(continuations: [ContinuationRequest(prompt: "Two plus two is", continuation: " four")]),
        ]
        let packed = try await together.score(groups: groups)
        #expect(packed.count == groups.count)
        var decodesAlone = 0
        for (group, got) in zip(groups, packed) {
            let expected = try await alone.score(group)
            decodesAlone += expected.cost.modelCalls
            #expect(Self.tokenScores(got) == Self.tokenScores(expected))
            #expect(got.continuations.map(\.isGreedy) == expected.continuations.map(\.isGreedy))
            #expect(got.cost.trieMinimumTokens == expected.cost.trieMinimumTokens)
        }
        // The pack's decodes are reported once, on its first group.
        let decodesPacked = packed.map(\.cost.modelCalls).reduce(0, +)
        #expect(decodesPacked > 0 && decodesPacked < decodesAlone, "\(decodesPacked) vs \(decodesAlone)")
        // A token budget of 0 evaluates each group alone, with the same scores.
        var settings = LlamaEngineSettings()
        settings.threads = 1
        settings.packTokens = 0
        let oneByOne = try await LlamaEngine(modelPath: model, settings: settings, logger: EngineFixture.logger).score(groups: groups)
        #expect(oneByOne.map(Self.tokenScores) == packed.map(Self.tokenScores))
    }

    /// By default a pack's size follows the model: attention over its cells stays within a tenth
    /// of a token's weight products, so a small model packs less than a large one.
    @Test func packSizeFollowsTheModel() throws {
        // SmolLM2-135M: 30 layers of width 576, 134.5 M weights; Qwen2.5-Coder-1.5B: 28 of 1536, 1.54 G (capped).
        #expect(LlamaEngineSettings.packTokens(layers: 30, width: 576, parameters: 134_515_008) == 389)
        #expect(LlamaEngineSettings.packTokens(layers: 28, width: 1536, parameters: 1_543_714_304) == LlamaEngineSettings.packTokenCap)
        #expect(LlamaEngineSettings.packTokens(layers: 30, width: 576, parameters: 0) == 0)
        #expect(try Self.engine(batchSize: 512, packs: true).packTokens == 389)
        #expect(try Self.engine(batchSize: 512, packs: true, packTokens: 0).packTokens == 0)
        var settings = LlamaEngineSettings()
        settings.packTokens = -1
        #expect(throws: SettingsError(setting: "packTokens", value: "-1", reason: "must be at least 0")) { try settings.validate() }
    }

    /// Branches that start on a block boundary (a position divisible by the attention block,
    /// 8 or 16) join the decode of their branch point: one decode for the whole group.
    @Test(arguments: [3, 512])
    func branchesOnABlockBoundaryJoinTheirParentsDecode(batchSize: Int) async throws {
        let packed = try Self.engine(batchSize: batchSize, packs: true)
        let sequential = try Self.engine(batchSize: 512, packs: false)
        var prompt = "Question: which colour is the sky"
        while try packed.tokenize(ContinuationRequest(prompt: prompt, continuation: " x")).prompt.count % LlamaEngine.attentionBlock != 0 {
            prompt += " really"
        }
        let group = ScoringGroup(continuations: [" blue on clear days", " grey when it rains", " black at night"].map {
            ContinuationRequest(prompt: prompt, continuation: $0)
        })
        let got = try await packed.score(group)
        let expected = try await sequential.score(group)
        #expect(Self.tokenScores(got) == Self.tokenScores(expected))
        if batchSize == 512 {
            #expect(got.cost.tokensEvaluated == got.cost.trieMinimumTokens)
            #expect([got.cost.modelCalls, expected.cost.modelCalls] == [1, 3])
        }
    }
}
