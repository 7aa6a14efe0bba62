import ConsensusGame
import Foundation
import Testing

/// Malformed problems and settings are rejected with an error that names the field.
@Suite("Validation")
struct ValidationTests {
    static let good = [-1.0, -2.0, -3.0]

    static func problem(_ gc: [Double] = good, _ gi: [Double] = good, _ dc: [Double] = good, _ di: [Double] = good) throws -> ConsensusProblem {
        try ConsensusProblem(generator: ByCorrectness(correct: gc, incorrect: gi), discriminator: ByCorrectness(correct: dc, incorrect: di))
    }

    static func error(_ body: () throws -> Void) -> GameInputError? {
        do {
            try body()
            return nil
        } catch let error as GameInputError {
            return error
        } catch {
            return nil
        }
    }

    @Test("arrays of different lengths")
    func lengths() {
        let e = Self.error { _ = try Self.problem(Self.good, [-1, -2]) }
        #expect(e?.field == "generator.incorrect")
        #expect(e?.description == #""generator.incorrect" has 2 entries but "generator.correct" has 3"#)
        #expect(Self.error { _ = try Self.problem(Self.good, Self.good, Self.good, [-1]) }?.description
                == #""discriminator.incorrect" has 1 entry but "generator.correct" has 3"#)
        #expect(Self.error { _ = try Self.problem(Self.good, Self.good, [-1, -2, -3, -4]) }?.field == "discriminator.correct")
    }

    @Test("fewer than two candidates")
    func tooFew() {
        let e = Self.error { _ = try Self.problem([-1], [-1], [-1], [-1]) }
        #expect(e?.description == #""generator.correct" has 1 entry; the game needs at least 2 candidates"#)
        #expect(Self.error { _ = try Self.problem([], [], [], []) }?.field == "generator.correct")
    }

    @Test("NaN and +infinity, named with their index")
    func nonFinite() {
        let nan = Self.error { _ = try Self.problem(Self.good, Self.good, [-1, .nan, -3]) }
        #expect(nan?.field == "discriminator.correct[1]")
        #expect(nan?.description == #""discriminator.correct[1]" is NaN; log-probabilities must be finite or -infinity"#)
        let inf = Self.error { _ = try Self.problem(Self.good, [-1, -2, .infinity]) }
        #expect(inf?.field == "generator.incorrect[2]")
        #expect(inf?.reason.contains("+infinity") == true)
        #expect(Self.error { _ = try Self.problem([-.infinity, -1e308, 1e308]) } == nil)
    }

    @Test("decoding validates too")
    func decoding() throws {
        let json = #"{"generator": {"correct": [-1, -2], "incorrect": [-1]}, "discriminator": {"correct": [-1, -2], "incorrect": [-1, -2]}}"#
        #expect {
            try JSONDecoder().decode(ConsensusProblem.self, from: Data(json.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return (context.underlyingError as? GameInputError)?.field == "generator.incorrect"
        }
        let good = #"{"generator": {"correct": [-1, -2], "incorrect": [-1, -3]}, "discriminator": {"correct": [-1, -2], "incorrect": [-1, -2]}}"#
        #expect(try JSONDecoder().decode(ConsensusProblem.self, from: Data(good.utf8)).candidateCount == 2)
    }

    @Test("invalid settings name the setting",
          arguments: [
              (SolverSettings(etaGenerator: 0), "etaGenerator"),
              (SolverSettings(etaDiscriminator: -1), "etaDiscriminator"),
              (SolverSettings(lambdaGenerator: .nan), "lambdaGenerator"),
              (SolverSettings(lambdaDiscriminator: 1e101), "lambdaDiscriminator"),
              (SolverSettings(lambdaGenerator: 0), "lambdaGenerator"),
              (SolverSettings(iterations: -1), "iterations"),
              (SolverSettings(exploitabilityInterval: 0), "exploitabilityInterval"),
          ])
    func settings(_ settings: SolverSettings, field: String) {
        #expect(Self.error { try settings.validate() }?.field == field)
        #expect(Self.error { _ = try EquilibriumSolver(validating: settings) }?.field == field)
    }

    @Test("valid settings pass")
    func validSettings() throws {
        try SolverSettings.default.validate()
        try SolverSettings(etaGenerator: 1e-100, lambdaDiscriminator: 1e100, iterations: 0, exploitabilityInterval: 1).validate()
        #expect(SolverSettings.default == SolverSettings())
        #expect(SolverSettings.default.iterations == 5000 && SolverSettings.default.lambdaGenerator == 0.1)
    }
}
