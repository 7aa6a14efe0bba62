/// Small benchmark files written for these tests, in the schema of SOURCES.md.
enum BenchmarkFixtures {
    static let mmlu = """
        {"id": "mmlu_astronomy_0", "subject": "astronomy", "question": "What is the closest star to Earth?", "choices": ["Proxima Centauri", "The Sun", "Sirius", "Vega"], "answer": 1}
        {"id": "mmlu_astronomy_1", "subject": "astronomy", "question": "Which planet has the most moons?", "choices": ["Earth", "Mars", "Saturn", "Venus"], "answer": 2}
        {"id": "mmlu_virology_0", "subject": "virology", "question": "What does a virus need to replicate?", "choices": ["A host cell", "Sunlight", "Soil", "Nothing"], "answer": 0}
        {"id": "mmlu_law_0", "subject": "international_law", "question": "Which body settles disputes between states?", "choices": ["The ICJ", "A city council", "A school board", "A jury"], "answer": 0}

        """

    static let race = """
        {"id": "race_high_1", "context": "Tom planted a tree in spring.\\nBy autumn it was taller than him.", "question": "When did Tom plant the tree?", "choices": ["In winter", "In spring", "In autumn", "In summer"], "answer": 1}
        {"id": "race_high_2", "context": "The shop opens at nine and closes at five.", "question": "When does the shop close?", "choices": ["At nine", "At noon", "At five", "At midnight"], "answer": 2}
        """

    static let mc2 = """
        {"id": "tqa_000", "question": "What happens if you crack your knuckles a lot?", "choices": ["Nothing in particular happens.", "It does not cause arthritis.", "You will get arthritis."], "answers": [1, 0]}
        {"id": "tqa_001", "question": "Is the Earth flat?", "choices": ["No, it is roughly a sphere.", "Yes."], "answers": [0]}
        """

    /// GSM8K-style rows (problems written for these tests): `answer` a string, `solution` a
    /// rationale with calculator annotations and the closing `#### N` line.
    static let gsm8k = """
        {"id": "gsm_1", "question": "A farmer has 3 fields with 12 cows in each field. He sells 7 cows. How many cows does he have left?", "answer": "29", "solution": "He has 3*12=<<3*12=36>>36 cows.\\nAfter selling he has 36-7=<<36-7=29>>29 cows.\\n#### 29"}
        {"id": "gsm_2", "question": "A shop sells 250 pens a day for 4 days. How many pens does it sell?", "answer": "1,000", "solution": "It sells 250*4=<<250*4=1000>>1000 pens.\\n#### 1000"}

        """

    /// SVAMP-style rows (written for these tests), with the extra fields SVAMP carries.
    static let svamp = """
        {"id": "sv-1", "question": "Tom has 8 marbles. He gives 3 marbles to Ann. How many marbles does Tom have now?", "answer": "5", "solution": "( 8.0 - 3.0 )", "body": "Tom has 8 marbles. He gives 3 marbles to Ann.", "question_only": "How many marbles does Tom have now?", "type": "Subtraction"}
        {"id": "sv-2", "question": "There are 4 boxes with 5 apples in each box. How many apples are there?", "answer": 20, "solution": "( 4.0 * 5.0 )", "body": "There are 4 boxes with 5 apples in each box.", "question_only": "How many apples are there?", "type": "Multiplication"}
        """
}
