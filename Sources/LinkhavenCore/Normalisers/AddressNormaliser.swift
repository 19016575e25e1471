/// Parses UK free-text addresses into flat, house number, house name, street, town and postcode,
/// expanding standard abbreviations ("Rd" → "road", "Gdns" → "gardens").
///
/// The canonical form is `flat number name street postcode` (the town only when there is no
/// postcode, since the postcode already places the address), so that
/// `"Flat 2, 14 High St., Basildon, ss141dl"` and `"2/14 High Street BASILDON SS14 1DL"` agree.
public enum AddressNormaliser {
    static let abbreviations: [String: String] = [
        "rd": "road", "ave": "avenue", "av": "avenue", "avn": "avenue", "ln": "lane", "cl": "close", "ct": "court",
        "crt": "court", "cres": "crescent", "cresc": "crescent", "cr": "crescent", "dr": "drive", "drv": "drive",
        "gdns": "gardens", "gdn": "garden", "gr": "grove", "gro": "grove", "gv": "grove", "pl": "place", "sq": "square",
        "ter": "terrace", "terr": "terrace", "tce": "terrace", "pk": "park", "pde": "parade", "wy": "way", "wk": "walk",
        "hwy": "highway", "mt": "mount", "cott": "cottage", "cotts": "cottages", "hse": "house", "bldg": "building",
        "bldgs": "buildings", "apt": "flat", "apartment": "flat", "flt": "flat", "grn": "green", "cnr": "corner",
        "est": "estate", "mws": "mews", "clo": "close", "rdwy": "roadway", "bvd": "boulevard", "blvd": "boulevard",
    ]
    static let streetTypes: Set<String> = [
        "road", "street", "avenue", "lane", "close", "court", "crescent", "drive", "gardens", "garden", "grove", "place",
        "square", "terrace", "park", "parade", "way", "walk", "highway", "mews", "rise", "row", "hill", "green", "view",
        "chase", "mead", "gate", "wharf", "yard", "boulevard", "vale", "croft", "fields", "approach", "circus", "wynd", "end",
        "riding", "ridings",
    ]
    static let flatWords: Set<String> = ["flat", "unit", "room", "maisonette", "suite"]

    /// Normalises an address; `nil` when empty.
    public static func normalise(_ raw: String) throws(NormalisationError) -> NormalisedValue? {
        var lines = tokenise(TextFolding.fold(raw))
        if lines.allSatisfy(\.isEmpty) { return nil }

        var postcode: PostcodeNormaliser.Postcode?
        findPostcode: for li in lines.indices.reversed() {
            let w = lines[li]
            for i in w.indices.reversed() {
                if i + 1 < w.count, let p = PostcodeNormaliser.parseCompact(Array((w[i] + w[i + 1]).uppercased().utf8)) {
                    postcode = p
                    lines[li].removeSubrange(i...(i + 1))
                    break findPostcode
                }
                if let p = PostcodeNormaliser.parseCompact(Array(w[i].uppercased().utf8)) {
                    postcode = p
                    lines[li].remove(at: i)
                    break findPostcode
                }
            }
        }
        lines = lines.map { $0.map { abbreviations[$0] ?? $0 } }.filter { !$0.isEmpty }

        var flat = ""
        for li in lines.indices {
            if let i = lines[li].firstIndex(where: { flatWords.contains($0) }), i + 1 < lines[li].count {
                flat = lines[li][i + 1]
                lines[li].removeSubrange(i...(i + 1))
                break
            }
        }
        lines = lines.filter { !$0.isEmpty }

        var number = ""
        var street: [String] = []
        var nameWords: [String] = []
        var rest: [[String]] = []
        if let li = lines.firstIndex(where: { $0.contains(where: isHouseNumber) }) {
            let line = lines[li]
            let ni = line.firstIndex(where: isHouseNumber)!
            number = line[ni]
            if let slash = number.firstIndex(of: "/"), flat.isEmpty {
                flat = String(number[..<slash])
                number = String(number[number.index(after: slash)...])
            }
            nameWords = lines[..<li].flatMap { $0 } + line[..<ni]
            var after = Array(line[(ni + 1)...])
            var following = Array(lines[(li + 1)...])
            if after.isEmpty, !following.isEmpty { after = following.removeFirst() }
            if following.isEmpty, let end = after.firstIndex(where: { streetTypes.contains($0) }), end + 1 < after.count {
                rest = [Array(after[(end + 1)...])]
                after = Array(after[...end])
            } else {
                rest = following
            }
            street = after
        } else if let si = lines.firstIndex(where: { $0.contains(where: streetTypes.contains) }) {
            nameWords = lines[..<si].flatMap { $0 }
            street = lines[si]
            rest = Array(lines[(si + 1)...])
        } else if let first = lines.first {
            nameWords = first
            rest = Array(lines.dropFirst())
        }
        if let last = street.last, last == "st" { street[street.count - 1] = "street" }
        street = street.map { $0 == "saint" ? "st" : $0 }
        let town = rest.last?.joined(separator: " ") ?? ""
        let name = nameWords.joined(separator: " ")
        let streetText = street.joined(separator: " ")
        guard !(number.isEmpty && name.isEmpty && streetText.isEmpty) else {
            throw NormalisationError("has no house number, name or street")
        }
        var canonical = [flat, number, name, streetText].filter { !$0.isEmpty }
        if let postcode { canonical.append(postcode.canonical) } else if !town.isEmpty { canonical.append(town) }
        var parts: NormalisedParts = ["flat": flat, "number": number, "houseName": name, "street": streetText, "town": town]
        if let postcode {
            parts["postcode"] = postcode.canonical
            parts["area"] = postcode.area
            parts["district"] = postcode.district
            parts["sector"] = postcode.sector
        }
        return NormalisedValue(canonical.joined(separator: " "), parts: parts)
    }

    static func isHouseNumber(_ w: String) -> Bool {
        var letters = 0
        for (i, b) in w.utf8.enumerated() {
            if i == 0 { guard b >= 48 && b <= 57 else { return false } }
            if b >= 97 && b <= 122 { letters += 1 } else if !(b >= 48 && b <= 57) && b != UInt8(ascii: "/") && b != UInt8(ascii: "-") { return false }
        }
        return !w.isEmpty && letters <= 1
    }

    /// Splits folded text into lines (at commas, semicolons and line breaks) of words; keeps
    /// `/` and `-` inside numbers such as `2/14` and `14-16`. Works on UTF-8 bytes: after folding,
    /// bytes above 0x7F belong to letters of other scripts and count as word characters.
    static func tokenise(_ folded: String) -> [[String]] {
        var lines: [[String]] = [[]]
        var word: [UInt8] = []
        word.reserveCapacity(32)
        func isJoiner(_ b: UInt8) -> Bool { b == UInt8(ascii: "/") || b == UInt8(ascii: "-") }
        func emit(_ bytes: ArraySlice<UInt8>) { lines[lines.count - 1].append(String(decoding: bytes, as: UTF8.self)) }
        func endWord() {
            var lo = word.startIndex, hi = word.endIndex
            while lo < hi, isJoiner(word[lo]) { lo += 1 }
            while hi > lo, isJoiner(word[hi - 1]) { hi -= 1 }
            if lo < hi {
                let w = word[lo..<hi]
                if !(w.first! >= 48 && w.first! <= 57), w.contains(UInt8(ascii: "-")) {
                    for piece in w.split(separator: UInt8(ascii: "-")) { emit(piece) }
                } else {
                    emit(w)
                }
            }
            word.removeAll(keepingCapacity: true)
        }
        for b in folded.utf8 {
            if b == UInt8(ascii: "'") { continue }
            if (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || isJoiner(b) || b >= 0x80 {
                word.append(b)
            } else {
                endWord()
                if b == 44 || b == 59 || b == 10 || b == 13 { lines.append([]) }
            }
        }
        endWord()
        return lines
    }
}
