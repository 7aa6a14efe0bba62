/// lm-evaluation-harness's length-normalised accuracies of the generative method: the summed
/// log-probability divided by the choice's length.
public enum LengthNormalization: String, Sendable, Hashable, Codable, CaseIterable {
    /// `acc_norm`: divided by the length in characters. Python's `len`, so Unicode scalars
    /// (code points), not Swift's grapheme clusters.
    case characters = "acc_norm"
    /// `acc_bytes`: divided by the length in UTF-8 bytes.
    case bytes = "acc_bytes"

    /// The length of `text` that this normalisation divides by (at least 1).
    public func length(of text: String) -> Int {
        max(1, self == .characters ? text.unicodeScalars.count : text.utf8.count)
    }
}
