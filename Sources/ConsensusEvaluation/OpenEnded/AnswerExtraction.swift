/// The final number of a worked solution, and numbers in a canonical form so that `51`,
/// `51.0`, `$51` and `51.00` compare equal.
///
/// Rules, in order (docs/open-ended.md has the table of tested cases):
/// 1. After the last `####` (GSM8K's reference style): the first number that follows.
/// 2. After the last "answer is" or "answer:" (any case): the first number in the rest of that
///    sentence (up to a line break, or a `.`, `!` or `?` followed by a space or the end), or,
///    when that sentence holds an `=`, the first number after its last `=` ("The answer is
///    5 + 3 = 8"); a number word from zero to ninety-nine also counts there ("The answer is
///    twelve").
/// 3. Otherwise the last number anywhere in the text.
/// 4. No number: `nil` (the chain has no answer).
///
/// A number is digits with optional thousands commas (`1,234`: groups of exactly three
/// digits), an optional decimal part (`.5`, `12.50`), and a sign `-` or `−` when the sign does
/// not follow a digit, letter or `)` (so `10-3` is ten minus three). Currency signs, units and
/// `%` around a number are ignored (`$1,234.50` is 1234.5). Fractions such as `3/4` are read as
/// two numbers.
public enum AnswerExtraction {
    /// The final number of `text` in canonical form, or nil when it has none.
    public static func finalNumber(in text: String) -> String? {
        let scalars = Array(text.lowercased().unicodeScalars)
        let numbers = Self.numbers(in: scalars)
        if let marker = lastOccurrence(of: "####", in: scalars) {
            if let number = numbers.first(where: { $0.start >= marker }) { return number.value }
        }
        let phrases = ["answer is", "answer:"].compactMap { lastOccurrence(of: $0, in: scalars) }
        if let phrase = phrases.max() {
            let end = sentenceEnd(in: scalars, from: phrase)
            // "The answer is 5 + 3 = 8": the result of the equation.
            if let equals = (phrase..<end).last(where: { scalars[$0] == "=" }),
                let number = numbers.first(where: { $0.start > equals && $0.start < end })
            {
                return number.value
            }
            if let number = numbers.first(where: { $0.start >= phrase && $0.start < end }) { return number.value }
            if let word = numberWord(in: scalars, from: phrase, to: end) { return word }
        }
        return numbers.last?.value
    }

    /// `text` as a canonical number (no commas, no leading `+` or zeros, no trailing fractional
    /// zeros, `-0` as `0`), or nil when it is not one number; currency signs and spaces around
    /// it are allowed (`"$ 1,000"`).
    public static func canonical(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        let found = numbers(in: scalars)
        guard found.count == 1 else { return nil }
        let rest = scalars.indices.filter { $0 < found[0].start || $0 >= found[0].end }.map { scalars[$0] }
        guard rest.allSatisfy({ $0.properties.isWhitespace || "$€£+".unicodeScalars.contains($0) }) else { return nil }
        return found[0].value
    }

    /// A number found in a text: where it starts (its sign included), where it ends, its value.
    struct Found {
        var start: Int
        var end: Int
        var value: String
    }

    static func numbers(in s: [Unicode.Scalar]) -> [Found] {
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < s.count && ("0"..."9").contains(s[i]) }
        var found: [Found] = []
        var i = 0
        while i < s.count {
            let startsFraction = s[i] == "." && isDigit(i + 1) && !isDigit(i - 1)
            guard isDigit(i) || startsFraction else { i += 1; continue }
            var start = i
            var integer = ""
            while isDigit(i) {
                integer.unicodeScalars.append(s[i])
                i += 1
                // A thousands comma: exactly three digits follow, then no digit.
                if i < s.count, s[i] == ",", (1...3).allSatisfy({ isDigit(i + $0) }), !isDigit(i + 4) { i += 1 }
            }
            var fraction = ""
            if i < s.count, s[i] == ".", isDigit(i + 1) {
                i += 1
                while isDigit(i) {
                    fraction.unicodeScalars.append(s[i])
                    i += 1
                }
            }
            var negative = false
            var k = start - 1
            while k >= 0, "$€£".unicodeScalars.contains(s[k]) { k -= 1 }
            if k >= 0, s[k] == "-" || s[k] == "\u{2212}" {
                let before = k - 1
                let attached = before >= 0 && (s[before].properties.isAlphabetic || isDigit(before) || s[before] == ")")
                if !attached {
                    negative = true
                    start = k
                }
            }
            found.append(Found(start: start, end: i, value: canonicalValue(integer: integer, fraction: fraction, negative: negative)))
        }
        return found
    }

    private static func canonicalValue(integer: String, fraction: String, negative: Bool) -> String {
        var whole = String(integer.drop { $0 == "0" })
        if whole.isEmpty { whole = "0" }
        var decimals = fraction
        while decimals.last == "0" { decimals.removeLast() }
        let magnitude = decimals.isEmpty ? whole : whole + "." + decimals
        return negative && magnitude != "0" ? "-" + magnitude : magnitude
    }

    /// The index just after the last occurrence of `phrase`.
    private static func lastOccurrence(of phrase: String, in s: [Unicode.Scalar]) -> Int? {
        let p = Array(phrase.unicodeScalars)
        guard s.count >= p.count else { return nil }
        for start in stride(from: s.count - p.count, through: 0, by: -1) where s[start..<(start + p.count)].elementsEqual(p) {
            return start + p.count
        }
        return nil
    }

    /// Where the sentence that goes on at `from` ends.
    private static func sentenceEnd(in s: [Unicode.Scalar], from: Int) -> Int {
        var i = from
        while i < s.count {
            if s[i] == "\n" { return i }
            if ".!?".unicodeScalars.contains(s[i]), i + 1 == s.count || s[i + 1].properties.isWhitespace { return i }
            i += 1
        }
        return s.count
    }

    private static let units = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
    private static let tens = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]

    /// The value of the first number word (zero to ninety-nine) between `from` and `to`.
    private static func numberWord(in s: [Unicode.Scalar], from: Int, to: Int) -> String? {
        let words = String(String.UnicodeScalarView(s[from..<to]))
            .split { !$0.isLetter && $0 != "-" }
            .map(String.init)
        for word in words {
            if let unit = units.firstIndex(of: word) { return String(unit) }
            let parts = word.split(separator: "-").map(String.init)
            if let ten = tens[word.split(separator: "-").first.map(String.init) ?? ""] {
                guard parts.count == 2 else { return String(ten) }
                if let unit = units.firstIndex(of: parts[1]), unit < 10 { return String(ten + unit) }
            }
        }
        return nil
    }
}
