/// The two players from two models: the generator's prompts (a group's continuations, both
/// "correct" and "incorrect") are scored by one engine, the discriminator's (its labels) by
/// another. `consensus eval --discriminator-model NAME` builds one.
///
/// The description names both models, so results files and the score cache keep a two-model
/// game apart from either model alone. The two engines are called one after the other: two
/// in-process engines each use every core.
public struct PlayerEngines: ScoringEngine, GeneratingEngine {
    public let generator: any ScoringEngine & GeneratingEngine
    public let discriminator: any ScoringEngine
    public let model: ModelDescription

    public init(generator: any ScoringEngine & GeneratingEngine, discriminator: any ScoringEngine) {
        self.generator = generator
        self.discriminator = discriminator
        let g = generator.model, d = discriminator.model
        model = ModelDescription(
            name: "\(g.name) (generator) + \(d.name) (discriminator)",
            engine: "generator: \(g.engine); discriminator: \(d.engine)",
            architecture: g.architecture == d.architecture ? g.architecture : "\(g.architecture) + \(d.architecture)",
            location: "generator \(g.location), discriminator \(d.location)",
            vocabularySize: g.vocabularySize,
            trainedContextLength: min(g.trainedContextLength, d.trainedContextLength),
            contextLength: min(g.contextLength, d.contextLength),
            fileHash: "generator \(g.fileHash), discriminator \(d.fileHash)")
    }

    public func score(_ group: ScoringGroup) async throws -> GroupScores {
        try await score(groups: [group])[0]
    }

    public func score(groups: [ScoringGroup]) async throws -> [GroupScores] {
        let generated = try await generator.score(groups: groups.map { ScoringGroup(continuations: $0.continuations) })
        let discriminated = try await discriminator.score(groups: groups.map { ScoringGroup(labels: $0.labels) })
        return zip(generated, discriminated).map { g, d in
            GroupScores(continuations: g.continuations, labels: d.labels, cost: g.cost + d.cost)
        }
    }

    public var groupsPerCall: Int { min(generator.groupsPerCall, discriminator.groupsPerCall) }

    /// Sampling is the generator's.
    public func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        try await generator.generate(request)
    }
}

extension PlayerEngines: ChatTemplating {
    /// The chat format both models share.
    /// - Throws: ``ScoringError`` when either engine cannot apply a chat template, or the two
    ///   models' templates lay a prompt out differently (one format serves all three prompts).
    public func chatFormat(systemInstruction: String?) throws -> ChatFormat {
        func format(_ engine: any ScoringEngine, _ player: String) throws -> ChatFormat {
            guard let templating = engine as? any ChatTemplating else {
                throw ScoringError(.invalidRequest, "the \(player)'s engine (\(engine.model.location)) cannot apply its model's chat template")
            }
            return try templating.chatFormat(systemInstruction: systemInstruction)
        }
        let g = try format(generator, "generator"), d = try format(discriminator, "discriminator")
        guard g.opening == d.opening, g.closing == d.closing else {
            throw ScoringError(
                .invalidRequest,
                "the generator's model (\(generator.model.name)) and the discriminator's (\(discriminator.model.name)) have different chat templates; one chat format serves all three prompts, so use plain prompts")
        }
        return g
    }
}
