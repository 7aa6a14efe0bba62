/// A strategy profile of the consensus game: the generator's and the discriminator's policies,
/// as probabilities.
///
/// Both arrays are indexed `[v][y]`: `generator.correct[y]` is π_G(y | x, correct) (sums to 1 over
/// y for each v) and `discriminator.correct[y]` is π_D(correct | x, y) (with
/// `discriminator.incorrect[y]`, sums to 1 over v for each y).
public struct PolicyPair: Sendable, Codable, Hashable {
    /// π_G(y | x, v): for each v, a distribution over the candidates.
    public var generator: ByCorrectness<[Double]>
    /// π_D(v | x, y), indexed by candidate: for each y, `correct[y] + incorrect[y] = 1`.
    public var discriminator: ByCorrectness<[Double]>

    /// Creates a policy pair. The arrays are taken as given (not normalised or checked).
    public init(generator: ByCorrectness<[Double]>, discriminator: ByCorrectness<[Double]>) {
        self.generator = generator
        self.discriminator = discriminator
    }

    /// The number of candidates.
    public var candidateCount: Int { generator.correct.count }
}
