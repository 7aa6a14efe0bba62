import ConsensusGame
import Foundation
import Testing

/// Tests/ConsensusGameTests/Fixtures/reference.json, written by scripts/reference/reference_solver.py (an
/// independent numpy implementation of the spec). -inf is stored as the string "-inf".
struct ReferenceFixture: Decodable {
    struct Settings: Decodable {
        var eta_generator, eta_discriminator, lambda_generator, lambda_discriminator: Double
        var iterations: Int
        var normalization: InitialPolicyNormalization
        var equilibrium_iterate: EquilibriumIterate

        var solverSettings: SolverSettings {
            SolverSettings(
                etaGenerator: eta_generator, etaDiscriminator: eta_discriminator,
                lambdaGenerator: lambda_generator, lambdaDiscriminator: lambda_discriminator,
                iterations: iterations, normalization: normalization, equilibriumIterate: equilibrium_iterate)
        }
    }

    struct Expected: Decodable {
        var initial, last, average: PolicyPair
        var exploitability, initial_exploitability, average_exploitability: Double
        var scores: [String: [Double]]
        var rankings: [String: [Int]]
    }

    struct Case: Decodable, CustomTestStringConvertible {
        var name: String
        var settings: Settings
        var problem: ConsensusProblem
        var expected: Expected
        var testDescription: String { name }
    }

    var cases: [Case]

    static let shared: ReferenceFixture = {
        guard let url = Bundle.module.url(forResource: "reference", withExtension: "json", subdirectory: "Fixtures") else {
            fatalError("Fixtures/reference.json is missing from the test bundle")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(ReferenceFixture.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot read Fixtures/reference.json: \(error)")
        }
    }()
}
