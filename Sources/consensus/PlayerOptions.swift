import ArgumentParser
import ConsensusScoring
import Logging

/// `--discriminator-model` on `rank` and `eval`: the discriminator's prompts scored by a second
/// model, in-process, beside the generator's on `--model`.
struct PlayerOptions: ParsableArguments {
    @Option(help: "A second model (a name or a GGUF file) that scores the discriminator's prompts; the generator's stay on --model. In-process only.")
    var discriminatorModel: String?

    /// Refuses a second model with a remote engine, whose server has its own model.
    func validate(remote: RemoteOptions) throws {
        if discriminatorModel != nil, remote.url != nil {
            throw ValidationError("--discriminator-model and --engine cannot be combined: the discriminator's model is loaded in-process")
        }
    }

    /// `generator` alone, or with `--discriminator-model` the two players: `generator` beside an
    /// engine on that model, with `engine`'s settings.
    func players(_ generator: any ScoringEngine & GeneratingEngine, engine: EngineOptions, logger: Logger) throws -> any ScoringEngine & GeneratingEngine {
        guard let discriminatorModel else { return generator }
        var options = engine
        options.model = discriminatorModel
        return PlayerEngines(generator: generator, discriminator: try options.makeEngine(logger: logger))
    }
}
