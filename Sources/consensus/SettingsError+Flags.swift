import ArgumentParser
import ConsensusScoring

extension SettingsError {
    /// The error as the command line says it: the setting named by its flag in `flags` (a
    /// setting without a flag keeps its property name), for example
    /// `--threads must be at least 1 (got 0)`.
    func validationError(flags: [String: String]) -> ValidationError {
        ValidationError(described(as: flags[setting] ?? setting))
    }
}
