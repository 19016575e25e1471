/// How much one provider's records differ from the truth. Rates are probabilities per record
/// (per name for typos). The `hard` profile is the default; `easy` is for smoke tests.
public struct CorruptionProfile: Sendable, Codable, Equatable {
    public var nameTypo: Double, nickname: Double, nameSwap: Double, formerSurname: Double
    public var dobTransposed: Double, dobDigitTypo: Double, dobMissing: Double, sexMissing: Double
    public var oldAddress: Double, addressVariant: Double, postcodeMissing: Double, duplicate: Double

    /// Typos, nicknames, swapped name order, former surnames, day/month swaps, missing values,
    /// old addresses after moves, reformatted addresses, within-provider duplicates.
    public static let hard = CorruptionProfile(nameTypo: 0.12, nickname: 0.08, nameSwap: 0.02, formerSurname: 0.5,
                                               dobTransposed: 0.03, dobDigitTypo: 0.03, dobMissing: 0.04, sexMissing: 0.05,
                                               oldAddress: 0.4, addressVariant: 0.5, postcodeMissing: 0.05, duplicate: 0.03)
    /// A little noise only.
    public static let easy = CorruptionProfile(nameTypo: 0.02, nickname: 0, nameSwap: 0, formerSurname: 0.1,
                                               dobTransposed: 0.005, dobDigitTypo: 0, dobMissing: 0.005, sexMissing: 0,
                                               oldAddress: 0.05, addressVariant: 0.2, postcodeMissing: 0, duplicate: 0)
}

/// Applies a ``CorruptionProfile`` to one person's identifiers as a provider records them.
struct SynthCorruptor {
    let profile: CorruptionProfile
    static let keyboard: [Character: String] = [
        "a": "qwsz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc", "g": "ftyhbv", "h": "gyujnb", "i": "ujko",
        "j": "huikmn", "k": "jiolm", "l": "kop", "m": "njk", "n": "bhjm", "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz",
        "t": "rfgy", "u": "yhji", "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
    ]
    static let ocr: [(String, String)] = [("m", "rn"), ("rn", "m"), ("w", "vv"), ("d", "cl"), ("h", "li"), ("o", "c"), ("e", "c"), ("l", "i")]
    static let phonetic: [(String, String)] = [("ph", "f"), ("f", "ph"), ("ck", "k"), ("ie", "y"), ("y", "ie"), ("ou", "ow"),
                                              ("c", "k"), ("s", "z"), ("ee", "ea"), ("ai", "ay"), ("th", "t"), ("mm", "m"), ("ll", "l")]

    /// A typo of one of four kinds: keyboard slip, OCR confusion, phonetic spelling, or an edit.
    func typo(_ s: String, _ r: inout SynthRandom) -> String {
        var c = Array(s)
        guard c.count > 2 else { return s }
        switch r.int(0...5) {
        case 0:
            let i = r.int(1...(c.count - 1))
            if let near = Self.keyboard[Character(c[i].lowercased())] { c[i] = r.pick(Array(near)) }
            return String(c)
        case 1, 2:
            for (from, to) in (r.chance(0.5) ? Self.ocr : Self.phonetic).shuffled(using: &r) where s.lowercased().contains(from) {
                let lower = s.lowercased()
                let range = lower.range(of: from)!
                var out = lower
                out.replaceSubrange(range, with: to)
                return out.prefix(1).uppercased() + out.dropFirst()
            }
            fallthrough
        case 3:
            let i = r.int(1...(c.count - 1)); c.remove(at: i)
        case 4:
            let i = r.int(1...(c.count - 1)); c.insert(r.pick(Array("aeinorst")), at: i)
        default:
            let i = r.int(1...(c.count - 2)); c.swapAt(i, i + 1)
        }
        return String(c)
    }

    struct Identity {
        var given: String, surname: String, dob: CalendarDate?, dobText: String?, sex: String?, address: SynthTown.Address, usedOldAddress: Bool
    }

    /// The identity a provider records for `p` living in `h`.
    func identity(_ p: SynthPerson, in h: SynthHousehold, _ r: inout SynthRandom) -> Identity {
        var given = p.given, surname = p.surname
        if let former = p.formerSurname, r.chance(profile.formerSurname) { surname = former }
        if r.chance(profile.nickname), let nick = SynthNames.nicknames[given] { given = r.pick(nick) }
        if r.chance(profile.nameTypo) { given = typo(given, &r) }
        if r.chance(profile.nameTypo) { surname = typo(surname, &r) }
        if r.chance(profile.nameSwap) { swap(&given, &surname) }
        var dob: CalendarDate? = p.dob
        var dobText: String? = nil
        if r.chance(profile.dobMissing) {
            dob = nil
        } else if r.chance(profile.dobTransposed), p.dob.day <= 12, p.dob.day != p.dob.month {
            dob = CalendarDate(year: p.dob.year, month: p.dob.day, day: p.dob.month)
        } else if r.chance(profile.dobDigitTypo) {
            let y = p.dob.year + [-10, -1, 1, 10][r.int(0...3)]
            dob = CalendarDate(year: y, month: p.dob.month, day: min(p.dob.day, CalendarDate.daysIn(month: p.dob.month, year: y)))
            if r.chance(0.2) { dobText = "31/02/\(p.dob.year)"; dob = nil }   // an impossible date some systems hold
        }
        var address = h.address, old = false
        if let prev = h.previousAddress, r.chance(profile.oldAddress) {
            address = prev
            old = true
        }
        return Identity(given: given, surname: surname, dob: dob, dobText: dobText, sex: r.chance(profile.sexMissing) ? nil : p.sex,
                        address: address, usedOldAddress: old)
    }
}

extension Array {
    func shuffled(using r: inout SynthRandom) -> [Element] {
        var a = self
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, Int(r.next() % UInt64(i + 1))) }
        return a
    }
}
