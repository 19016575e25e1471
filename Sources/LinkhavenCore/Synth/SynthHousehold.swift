/// One synthetic person, as the truth knows them.
struct SynthPerson: Sendable {
    var id: Int, householdID: Int
    var given: String, surname: String
    /// A surname the person used before (e.g. before marriage); some providers still hold it.
    var formerSurname: String?
    var sex: String
    var dob: CalendarDate
    var isChild: Bool
}

/// One synthetic household: its people, address (and previous address if it moved), and the
/// risk factors and outcomes of the generating model (see docs/synthetic-data.md).
struct SynthHousehold: Sendable {
    var id: Int
    var address: SynthTown.Address
    var previousAddress: SynthTown.Address?
    var people: [SynthPerson]
    /// Latent deprivation (standard normal, plus a small-area effect).
    var deprivation: Double
    var claimsBenefits: Bool, arrears: Bool, domesticAbuse: Bool, freeSchoolMeals: Bool
    /// Indices into `people`.
    var inTreatment: [Int], offenders: [Int], youthOffenders: [Int], socialCare: [Int]
    /// Per child in the reception cohort (index into `people`): whether school-ready.
    var schoolReady: [Int: Bool]
}

/// The generating model's coefficients (log-odds). Documented in docs/synthetic-data.md.
public struct SynthModel: Sendable {
    public var benefits = (-0.4, 1.2)
    public var arrears = (-1.6, 1.0)
    public var domesticAbuse = (-3.0, 0.8)
    public var treatment = (-3.4, 0.7, 0.9)          // intercept, deprivation, domestic abuse
    public var offending = (-3.2, 0.6, 0.8)          // intercept, deprivation, treatment in household
    public var youthOffending = (-3.3, 0.8, 0.7)     // intercept, deprivation, adult offender in household
    public var socialCare = (-3.2, 0.7, 1.3, 0.9)    // intercept, deprivation, domestic abuse, treatment
    /// Not school-ready: intercept, deprivation, arrears, domestic abuse, treatment, free school meals, summer-born.
    public var notReady = (-1.35, 0.35, 0.55, 0.75, 0.6, 0.4, 0.5)

    public init() {}
}

extension SynthHousehold {
    /// The reference date of the snapshot: the end of the 2025/26 school year.
    static let referenceDate = CalendarDate(year: 2026, month: 8, day: 31)!
    /// Children born 1 Sep 2020 – 31 Aug 2021 finished reception in summer 2026 (the EYFS profile cohort).
    static func inReceptionCohort(_ d: CalendarDate) -> Bool {
        d >= CalendarDate(year: 2020, month: 9, day: 1)! && d <= CalendarDate(year: 2021, month: 8, day: 31)!
    }

    static let youngF = WeightedTable(SynthNames.youngFemale), youngM = WeightedTable(SynthNames.youngMale)
    static let adultF = WeightedTable(SynthNames.adultFemale), adultM = WeightedTable(SynthNames.adultMale)
    static let surnames = WeightedTable(SynthNames.surnames)

    static func dob(_ r: inout SynthRandom, age: Int) -> CalendarDate {
        let days = CalendarDate(year: referenceDate.year - age - 1, month: 9, day: 1)!.daysSinceEpoch + r.int(0...364)
        return CalendarDate(daysSinceEpoch: days)
    }

    static func person(_ r: inout SynthRandom, id: Int, household: Int, surname: String, sex: String, age: Int, dob fixed: CalendarDate? = nil) -> SynthPerson {
        let young = age < 22
        let given = sex == "F" ? (young ? youngF : adultF).draw(&r) : (young ? youngM : adultM).draw(&r)
        return SynthPerson(id: id, householdID: household, given: given, surname: surname, formerSurname: nil, sex: sex,
                           dob: fixed ?? dob(&r, age: age), isChild: age < 18)
    }

    /// Generates household `h` of the town.
    static func make(_ h: Int, seed: UInt64, town: SynthTown, model: SynthModel, addressCount: Int) -> SynthHousehold {
        var r = SynthRandom(seed: seed, stream: UInt64(h))
        let address = town.address(h)
        let areaEffect = { (a: Int) -> Double in var ar = SynthRandom(seed: seed, stream: 0xA4EA_0000 &+ UInt64(a)); return 0.6 * ar.normal() }(h / SynthTown.perSmallArea)
        let deprivation = 0.8 * r.normal() + areaEffect
        let surname = surnames.draw(&r)
        var people: [SynthPerson] = []
        func nextID() -> Int { h * 16 + people.count }
        let kind = r.unit()
        var adults = 1, children = 0, grandparent = false
        switch kind {
        case ..<0.22: adults = 1
        case ..<0.44: adults = 2
        case ..<0.74: adults = 2; children = [1, 1, 2, 2, 2, 3, 3, 4][r.int(0...7)]
        case ..<0.90: adults = 1; children = [1, 1, 2, 2, 3][r.int(0...4)]
        case ..<0.96: adults = 2; children = r.int(1...3); grandparent = true
        default: adults = r.int(2...4)
        }
        let parentAge = children > 0 ? r.int(22...48) : r.int(19...85)
        let firstSex = adults == 1 && children > 0 ? (r.chance(0.9) ? "F" : "M") : (r.chance(0.5) ? "F" : "M")
        people.append(person(&r, id: nextID(), household: h, surname: surname, sex: firstSex, age: parentAge))
        if adults >= 2 && kind < 0.96 {
            let partnerSex = firstSex == "F" ? "M" : "F"
            var p = person(&r, id: nextID(), household: h, surname: r.chance(0.7) ? surname : surnames.draw(&r), sex: partnerSex,
                           age: max(19, parentAge + r.int(-6...6)))
            if p.surname == surname, partnerSex == "F" || r.chance(0.1) { p.formerSurname = surnames.draw(&r) }
            people.append(p)
        } else if adults >= 2 {
            for _ in 1..<adults { people.append(person(&r, id: nextID(), household: h, surname: surnames.draw(&r), sex: r.chance(0.5) ? "F" : "M", age: r.int(19...60))) }
        }
        if adults == 1, children > 0, people[0].sex == "F", r.chance(0.4) { people[0].formerSurname = surnames.draw(&r) }
        let childSurname = adults == 1 && r.chance(0.35) ? surnames.draw(&r) : (r.chance(0.05) ? "\(surname)-\(surnames.draw(&r))" : surname)
        var made = 0
        while made < children {
            let age = min(17, max(0, Int(Double(parentAge - 20) * r.unit())))
            let child = person(&r, id: nextID(), household: h, surname: childSurname, sex: r.chance(0.5) ? "F" : "M", age: age)
            people.append(child)
            made += 1
            if made < children || r.chance(0.5), r.chance(0.04) {   // twins: same date of birth, same surname and address
                people.append(person(&r, id: nextID(), household: h, surname: childSurname, sex: r.chance(0.5) ? "F" : "M", age: age, dob: child.dob))
                made += 1
            }
        }
        if grandparent { people.append(person(&r, id: nextID(), household: h, surname: r.chance(0.5) ? surname : surnames.draw(&r), sex: "F", age: parentAge + r.int(22...30))) }

        var hh = SynthHousehold(id: h, address: address, previousAddress: nil, people: people, deprivation: deprivation,
                                claimsBenefits: false, arrears: false, domesticAbuse: false, freeSchoolMeals: false,
                                inTreatment: [], offenders: [], youthOffenders: [], socialCare: [], schoolReady: [:])
        if r.chance(0.12) { hh.previousAddress = town.address((h + 7919 + r.int(0...400)) % max(addressCount, 1)) }
        hh.assignRisks(&r, model: model)
        return hh
    }

    mutating func assignRisks(_ r: inout SynthRandom, model m: SynthModel) {
        let z = deprivation
        claimsBenefits = r.chance(logistic(m.benefits.0 + m.benefits.1 * z))
        arrears = r.chance(logistic(m.arrears.0 + m.arrears.1 * z))
        domesticAbuse = r.chance(logistic(m.domesticAbuse.0 + m.domesticAbuse.1 * z))
        freeSchoolMeals = claimsBenefits && r.chance(0.7)
        let da = domesticAbuse ? 1.0 : 0
        for (i, p) in people.enumerated() where !p.isChild {
            if r.chance(logistic(m.treatment.0 + m.treatment.1 * z + m.treatment.2 * da)) { inTreatment.append(i) }
        }
        let tr = inTreatment.isEmpty ? 0.0 : 1
        for (i, p) in people.enumerated() where !p.isChild {
            if r.chance(logistic(m.offending.0 + m.offending.1 * z + m.offending.2 * tr)) { offenders.append(i) }
        }
        let off = offenders.isEmpty ? 0.0 : 1
        for (i, p) in people.enumerated() where p.isChild {
            let age = p.dob.years(until: Self.referenceDate)
            if age >= 10, r.chance(logistic(m.youthOffending.0 + m.youthOffending.1 * z + m.youthOffending.2 * off)) { youthOffenders.append(i) }
            if r.chance(logistic(m.socialCare.0 + m.socialCare.1 * z + m.socialCare.2 * da + m.socialCare.3 * tr)) { socialCare.append(i) }
            if Self.inReceptionCohort(p.dob) {
                let summer = p.dob.month >= 5 && p.dob.month <= 8 ? 1.0 : 0
                let n = m.notReady
                let x = n.0 + n.1 * z + n.2 * (arrears ? 1 : 0) + n.3 * da + n.4 * tr + n.5 * (freeSchoolMeals ? 1 : 0) + n.6 * summer
                schoolReady[i] = !r.chance(logistic(x))
            }
        }
    }
}
