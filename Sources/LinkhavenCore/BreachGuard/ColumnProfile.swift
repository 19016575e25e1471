/// What a scanner learns of one free column as it streams: how its values look, and the short
/// values of words among them with how often each came, so that at the end a cell that does not
/// belong (a surname pasted into a code column) can be told from the column's own vocabulary.
/// Values are held in memory only while the scan runs, and never reported.
struct ColumnProfile: Sendable {
    /// Values seen, per ``ValueShape``.
    var shapes = [Int](repeating: 0, count: ValueShape.allCases.count)
    /// Short values of words, by value.
    var candidates: [String: Candidate] = [:]
    /// Candidates not kept because the column had too many distinct ones.
    var dropped = 0

    struct Candidate: Sendable {
        var count: Int
        var lines: [Int]
        var evidence: NameEvidence
        /// The detectors already reported this value (a full name, say): not counted twice.
        var alreadyFound: Bool
    }

    /// Distinct candidates kept per column; past it only values with a name in them are kept, up to twice as many.
    static let candidateLimit = 8192
    static let linesKept = 3

    var values: Int { shapes.reduce(0, +) }
    /// Values that hold no word of letters (numbers, codes, flags, dates).
    var nonWordValues: Int { ValueShape.allCases.filter(\.isNonWord).reduce(0) { $0 + shapes[$1.rawValue] } }

    /// Counts `v`; `true` when it was kept as a candidate (to be judged at the end).
    @discardableResult
    mutating func add(_ v: String, _ verdict: ScanAccumulator.Verdict, line: Int) -> Bool {
        shapes[verdict.shape.rawValue] += 1
        guard let evidence = verdict.evidence else { return false }
        if var c = candidates[v] {
            c.count += 1
            if c.lines.count < Self.linesKept { c.lines.append(line) }
            candidates[v] = c
        } else if candidates.count < Self.candidateLimit || (evidence.nameNotWord && candidates.count < 2 * Self.candidateLimit) {
            candidates[v] = Candidate(count: 1, lines: [line], evidence: evidence, alreadyFound: verdict.kinds.contains(.personName))
        } else {
            dropped += 1
            return false
        }
        return true
    }

    /// A column of words (four values in five) made of few values, each repeated (districts, teams):
    /// its values are its vocabulary.
    var isSmallVocabulary: Bool {
        let words = values - nonWordValues
        return candidates.count <= 30 && dropped == 0 && candidates.count * 5 <= values && words * 5 >= values * 4
    }

    mutating func merge(_ other: ColumnProfile) {
        for (i, n) in other.shapes.enumerated() { shapes[i] += n }
        dropped += other.dropped
        for (v, c) in other.candidates {
            if var mine = candidates[v] {
                mine.count += c.count
                mine.lines = Array((mine.lines + c.lines).sorted().prefix(Self.linesKept))
                candidates[v] = mine
            } else {
                candidates[v] = c
            }
        }
    }

    /// What the column holds when the spec does not say: mostly numbers, codes, flags or dates
    /// (a word among them stands out); free text; or a category of repeated words.
    var learnedType: AttributeType {
        let n = values
        guard n > 0 else { return .category }
        let nonWord = nonWordValues
        if nonWord > 0, Double(n - nonWord) <= 0.1 * Double(n) { return .code }
        if Double(shapes[ValueShape.text.rawValue]) >= 0.3 * Double(n) { return .text }
        return .category
    }

    /// Whether the column's words are written in lower case (so a capitalised one stands out).
    var isLowerCase: Bool {
        let lower = shapes[ValueShape.lowerWords.rawValue]
        let capital = shapes[ValueShape.titleWords.rawValue] + shapes[ValueShape.upperWords.rawValue]
        return lower > 0 && Double(capital) <= 0.1 * Double(lower + capital)
    }

    /// The candidates that are names out of place, given what the column holds (`type`, its code
    /// list `values`): the cells' count and first lines. A candidate the column repeats (more than
    /// twice, and more than one value in 500) is its vocabulary, not a leak, unless a code list says otherwise.
    func outOfPlaceNames(type: AttributeType, values: [String]?) -> (Int, [Int])? {
        let rare = max(2, values == nil ? self.values / 500 : Int.max)
        let agreed = values.map { Set($0.map { TextFolding.fold($0) }) }
        let lower = isLowerCase
        var leaks: [Candidate] = []
        var weak: [Candidate] = []   // a name that is also a word, in a column of words: leaks only with another
        let vocabulary = values == nil && type == .category && isSmallVocabulary
        for c in candidates.values where c.alreadyFound {   // the detectors read it as a name: a leak unless the column repeats it
            if !(vocabulary && c.count >= 2) { leaks.append(c) }
        }
        for (v, c) in candidates where !c.alreadyFound && c.count <= rare && c.evidence.any {
            let e = c.evidence
            if let agreed, agreed.contains(TextFolding.fold(v)) { continue }
            switch type {
            case .number, .code, .flag, .date:
                leaks.append(c)   // any word of a name, or unknown, among values that hold no words
            case .category where agreed != nil:
                leaks.append(c)   // outside the agreed code list, and name-like
            case .category:
                // Without a code list a column of place names (Langdon Hills, Fryerns) looks like one of names: only a name
                // of nothing but names, a full name, or a capital among lower-case words is enough on its own.
                if e.fullName || (e.nameNotWord && e.allNames) || (e.capitalised && lower) { leaks.append(c) }
                else if e.capitalised, e.allNames, e.frequentNames { weak.append(c) }
            case .text:
                if e.capitalised, e.nameNotWord || e.fullName { leaks.append(c) } else if e.capitalised, e.frequentNames { weak.append(c) }
            }
        }
        if !leaks.isEmpty, !weak.isEmpty { leaks += weak } else if weak.count >= 2, type == .category { leaks = weak }
        guard !leaks.isEmpty else { return nil }
        return (leaks.reduce(0) { $0 + $1.count }, Array(leaks.flatMap(\.lines).sorted().prefix(IdentifierScanner.linesKept)))
    }
}

extension ScanAccumulator {
    /// Names out of place in free column `i`, judged against its declared type and code list, or
    /// what the file shows of it.
    func outOfPlaceNames(column i: Int) -> (Int, [Int])? {
        let p = profiles[i]
        return p.outOfPlaceNames(type: declared[i]?.type ?? p.learnedType, values: declared[i]?.values)
    }

    /// Where a finding of `kind` with `count` cells in column `i` sits in the file.
    func placement(of kind: IdentifierKind, count: Int, column i: Int) -> LeakPlacement {
        if checks[i] != .detect { return .tokenColumn }
        if kind == .freeText || declared[i]?.type == .text || (declared[i]?.type == nil && profiles[i].learnedType == .text) { return .freeText }
        return Double(count) >= IdentifierScanner.singleNameShare * Double(max(1, nonEmpty[i])) ? .wholeColumn : .singleCells
    }
}
