import Testing

@testable import ConsensusEvaluation

@Suite("Answer extraction")
struct AnswerExtractionTests {
    /// (chain, expected final number) pairs, written to trip a careless parser.
    static let cases: [(String, String?)] = [
        ("Maria has 12 - 5 = 7 pencils. The answer is 7.", "7"),
        ("So he has 1,234 apples in all. The answer is 1,234.", "1234"),
        ("The tickets cost $12.50 each. The answer is $12.50.", "12.5"),
        ("It got colder by 3 degrees. The answer is -7 degrees.", "-7"),
        ("It dropped to −4 degrees at night.", "-4"),
        ("Dan had $ 4 and spent $ 3, so the answer is $ 1", "1"),
        ("10-3=7 apples are left", "7"),
        ("She scored 100% on the test, so the answer is 100%.", "100"),
        ("The answer is: 12 cookies", "12"),
        ("The answer is 3.0", "3"),
        ("The answer is .5 liters", "0.5"),
        ("He needs 2.50 dollars", "2.5"),
        ("The answer is twelve.", "12"),
        ("The answer is twenty-one.", "21"),
        ("The answer is 7.\nQuestion: There are 9 birds and 4 fly away.", "7"),
        ("The answer is 8, because 3 + 5 = 8 and 2 more is 10", "8"),
        ("Natalia sold 48/2 = 24 clips in May.\n#### 72", "72"),
        ("#### 1,000", "1000"),
        ("First 5 + 3 = 8, then 8 * 2 = 16 marbles", "16"),
        ("The answer is (5 - 3) = 2", "2"),
        ("The answer is 5 + 3 = 8.", "8"),
        ("He has 5,6 and 7 shells", "7"),
        ("The answer is 0", "0"),
        ("The answer is -0.0", "0"),
        ("The answer is 007", "7"),
        ("I do not know how many there are.", nil),
        ("", nil),
        ("The ANSWER IS 42", "42"),
        ("The answer is 4. The answer is 5.", "5"),
    ]

    @Test(arguments: cases)
    func finalNumber(text: String, expected: String?) {
        #expect(AnswerExtraction.finalNumber(in: text) == expected, "\(text)")
    }

    @Test(arguments: [("51", "51"), ("1,000", "1000"), ("$ 3", "3"), ("-3.50", "-3.5"), ("+4", "4"), ("0.0", "0")])
    func canonicalNumbers(text: String, expected: String) {
        #expect(AnswerExtraction.canonical(text) == expected)
    }

    @Test(arguments: ["", "twelve", "3 or 4", "12 apples", "1e3"])
    func notOneNumber(text: String) {
        #expect(AnswerExtraction.canonical(text) == nil)
    }
}
