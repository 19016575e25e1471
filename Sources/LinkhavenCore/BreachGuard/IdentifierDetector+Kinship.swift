/// Names told by what stands beside them: case notes name a person with their relationship to the
/// child — "Ruby (mum) called", "Lily's dad", "Mum (Tayla) attended". A word in that place is a
/// person whatever its case, even one that is also an English word (Ruby, Lily, Heather) or one
/// no list knows (Tayla): the relationship is the evidence the word alone lacks.
extension IdentifierDetector {
    /// Relationships and roles by which notes refer to family members and carers (lower case).
    static let kinship: Set<String> = [
        "mum", "mummy", "mother", "dad", "daddy", "father", "parent", "stepmum", "stepdad", "stepmother", "stepfather",
        "nan", "nana", "nanna", "gran", "granny", "grandma", "grandad", "grandpa", "grandmother", "grandfather",
        "aunt", "auntie", "aunty", "uncle", "sister", "brother", "sibling", "half-sister", "half-brother", "stepsister", "stepbrother",
        "son", "daughter", "child", "baby", "cousin", "niece", "nephew", "carer", "guardian", "partner", "boyfriend",
        "girlfriend", "husband", "wife", "ex-partner",
    ]

    /// Words that qualify a relationship (foster carer, birth mother) and so are never the person's name here.
    static let kinQualifiers: Set<String> = [
        "foster", "birth", "step", "adoptive", "maternal", "paternal", "respite", "kinship", "older", "younger", "new", "former", "ex",
    ]

    /// Whether the words name someone by a relationship: a name or unknown word before a relationship in
    /// brackets (Ruby (mum)), with a possessive before one (Lily's dad), or in brackets after one (Mum (Tayla)).
    static func containsKinName(_ words: [String], lexicon: NameLexicon = .shared) -> Bool {
        guard words.count >= 2 else { return false }
        let folded = words.map { TextFolding.fold($0) }
        func bare(_ i: Int) -> String { String(folded[i].drop { !$0.isLetter }.reversed().drop { !$0.isLetter }.reversed()) }
        func isKin(_ i: Int) -> Bool { kinship.contains(bare(i)) }
        func bracketed(_ i: Int) -> Bool { folded[i].hasPrefix("(") }
        /// A word that can be a person's name here: letters only, not a relationship or its qualifier, and a forename
        /// (people are named to their family by forename), a surname that is no English word, or no English word at all.
        func personal(_ w: String) -> Bool {
            guard w.count >= 2, w.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" }), !kinship.contains(w), !kinQualifiers.contains(w)
            else { return false }
            return lexicon.isForename(w) || (w.count >= 3 && !lexicon.isWord(w))
        }
        for i in 0..<(words.count - 1) {
            let w = bare(i)
            if bracketed(i + 1), isKin(i + 1), !bracketed(i), personal(w) { return true }
            if bracketed(i + 1), isKin(i), personal(bare(i + 1)) { return true }
            if w.hasSuffix("'s"), isKin(i + 1), personal(String(w.dropLast(2))) { return true }
        }
        return false
    }
}
