public import ConsensusScoring

extension FixtureEngine {
    /// This engine with a chat template: its chat format is `format(systemInstruction)`
    /// (``chatML(systemInstruction:)`` by default). Scores, delay and record are this engine's.
    public func withChatTemplate(
        _ format: @escaping @Sendable (String?) throws -> ChatFormat = FixtureEngine.chatML
    ) -> ChatTemplated {
        ChatTemplated(engine: self, format: format)
    }

    /// A made-up ChatML format (template hash `chatml`): a system turn when `systemInstruction`
    /// is given, then the user turn, whose end opens the assistant's turn.
    public static func chatML(systemInstruction: String?) -> ChatFormat {
        var opening: [PromptPart] = [.markup("<|im_start|>user\n")]
        if let systemInstruction {
            opening = [.markup("<|im_start|>system\n"), .text(systemInstruction), .markup("<|im_end|>\n<|im_start|>user\n")]
        }
        return ChatFormat(
            templateHash: "chatml", systemInstruction: systemInstruction, opening: opening,
            closing: [.markup("<|im_end|>\n<|im_start|>assistant\n")])
    }

    /// A ``FixtureEngine`` whose model has a chat template.
    public struct ChatTemplated: ScoringEngine, GeneratingEngine, ChatTemplating {
        /// The engine that scores and generates.
        public var engine: FixtureEngine
        var format: @Sendable (String?) throws -> ChatFormat

        public var model: ModelDescription { engine.model }
        public var groupsPerCall: Int { engine.groupsPerCall }
        public var record: FixtureRecord { engine.record }

        public func score(_ group: ScoringGroup) async throws -> GroupScores { try await engine.score(group) }
        public func score(groups: [ScoringGroup]) async throws -> [GroupScores] { try await engine.score(groups: groups) }
        public func generate(_ request: GenerationRequest) async throws -> GenerationResult { try await engine.generate(request) }
        public func chatFormat(systemInstruction: String?) throws -> ChatFormat { try format(systemInstruction) }
    }
}
