public import Foundation

/// How the package writes and reads its JSON answers (`solve`, `rank --json`, `/v1/rank`,
/// `/v1/solve`): one vocabulary, snake_case keys (`eta_generator`, `probability_correct`),
/// keys sorted, and the infinities and NaN that JSON lacks written as the strings `"-inf"`,
/// `"inf"` and `"nan"`.
public enum WireFormat {
    /// `value` as compact JSON, by ``WireEncoder`` (the same bytes as `encoder().encode(value)`,
    /// several times faster). One call makes one encoder; a loop on one thread keeps a
    /// ``WireEncoder`` of its own.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        try WireEncoder().encode(value)
    }

    /// The encoder for answers; `pretty` adds indentation (for people). ``encode(_:)`` writes the
    /// compact form faster.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The decoder for answers written by ``encoder(pretty:)``.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// `value` as one line of JSON.
    public static func line<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}
