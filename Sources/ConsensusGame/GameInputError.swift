/// Invalid input to the game core: a problem or a setting that the solver cannot use.
///
/// The message names the field (for example `generator.incorrect` or `generator.correct[2]`) and
/// says what is wrong with it, in one sentence.
public struct GameInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offending field, as a dotted path: `generator.correct`, `discriminator.incorrect[3]`,
    /// `lambdaGenerator`, ….
    public var field: String
    /// What is wrong, completing a sentence that starts with the quoted field name, for example
    /// `is NaN` or `has 3 entries but "generator.correct" has 4`.
    public var reason: String

    /// Creates an error for `field`.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// `"field" reason`, for example `"generator.correct[2]" is NaN`.
    public var description: String { "\"\(field)\" \(reason)" }
}
