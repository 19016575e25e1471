import Dispatch
import Foundation

/// Generates the synthetic partnership: a town of households, the six providers' datasets with
/// their corruption, and the truth. Streams in batches of households generated on every core and
/// written in order, so memory stays flat at any size and output depends only on the seed.
public enum SyntheticPartnership {
    /// What to generate.
    public struct Options: Sendable {
        public var directory: String
        public var households: Int = 3_000
        public var seed: UInt64 = 2016
        public var profiles: [SynthDataset: CorruptionProfile] = Dictionary(uniqueKeysWithValues: SynthDataset.allCases.map { ($0, .hard) })
        /// The generating model's coefficients.
        public var model = SynthModel()
        public var overwrite = false
        public var workers = System.coreCount
        public init(directory: String) { self.directory = directory }
    }

    /// What was generated.
    public struct Summary: Codable, Sendable {
        public var seed: UInt64, households: Int, people: Int
        public var records: [String: Int]
        public var receptionCohort: Int, notSchoolReady: Int
        public var seconds: Double
    }


    /// Generates everything into `options.directory` (created if needed). Files are written
    /// atomically; existing ones are kept unless `overwrite`.
    public static func generate(_ o: Options, progress: (Int, Int) -> Void = { _, _ in }) throws -> Summary {
        let start = ContinuousClock.now
        try FileManager.default.createDirectory(atPath: o.directory, withIntermediateDirectories: true)
        func writer(_ name: String) throws -> CSVWriter {
            CSVWriter(file: try AtomicFileWriter(path: o.directory + "/" + name, overwrite: o.overwrite, mode: 0o644))
        }
        var datasets: [SynthDataset: CSVWriter] = [:]
        for d in SynthDataset.allCases {
            datasets[d] = try writer("\(d.rawValue).csv")
            try datasets[d]!.write(d.header)
        }
        let truth = try writer("truth.csv"), population = try writer("population.csv"), households = try writer("households.csv")
        let areas = try writer("small-areas.csv")
        try truth.write(["dataset", "record_id", "person_id", "household_id", "address_id"])
        try population.write(["person_id", "household_id", "address_id", "given_name", "surname", "former_surname", "sex", "date_of_birth",
                              "reception_cohort", "school_ready"])
        try households.write(["household_id", "address_id", "previous_address_id", "postcode", "small_area", "deprivation", "claims_benefits",
                              "arrears", "domestic_abuse", "free_school_meals", "adults_in_treatment", "adult_offenders",
                              "youth_offenders", "children_in_social_care"])
        try areas.write(["postcode", "small_area"])
        let town = SynthTown(seed: o.seed)
        var counters: [SynthDataset: Int] = [:]
        var summary = Summary(seed: o.seed, households: o.households, people: 0, records: [:], receptionCohort: 0, notSchoolReady: 0, seconds: 0)
        let corruptors = Dictionary(uniqueKeysWithValues: SynthDataset.allCases.map { ($0, SynthCorruptor(profile: o.profiles[$0] ?? .hard)) })
        let batchSize = 2048, workers = max(1, o.workers)
        var lastUnit = ""
        for batchStart in stride(from: 0, to: o.households, by: batchSize) {
            let n = min(batchSize, o.households - batchStart)
            let batch = PerWorker(count: workers) { (households: [SynthHousehold](), records: [SynthRecord]()) }
            let per = (n + workers - 1) / workers
            Parallel.forEach(workers: workers) { w in
                for h in (batchStart + w * per)..<min(batchStart + n, batchStart + (w + 1) * per) {
                    let hh = SynthHousehold.make(h, seed: o.seed, town: town, model: o.model, addressCount: o.households)
                    batch[w].households.append(hh)
                    for (k, d) in SynthDataset.allCases.enumerated() {
                        var r = SynthRandom(seed: o.seed ^ (0xD5 &+ UInt64(k) &* 0x1000_0001), stream: UInt64(h))
                        batch[w].records += d.records(hh, corruptor: corruptors[d]!, &r)
                    }
                }
            }
            for w in 0..<workers {
                for hh in batch[w].households {
                    try writeTruth(hh, population: population, households: households, summary: &summary)
                    if hh.address.postcode != lastUnit {
                        try areas.write([hh.address.postcode, hh.address.smallArea])
                        lastUnit = hh.address.postcode
                    }
                }
                for rec in batch[w].records {
                    counters[rec.dataset, default: 0] += 1
                    let rid = rec.dataset.idPrefix + String(100_000 + counters[rec.dataset]! * 7 % 900_000 + counters[rec.dataset]! / 900_000 * 1_000_000)
                    try datasets[rec.dataset]!.write([rid] + rec.fields)
                    try truth.write([rec.dataset.rawValue, rid, String(rec.personID), String(rec.householdID), String(rec.addressID)])
                }
            }
            progress(batchStart + n, o.households)
        }
        for (d, w) in datasets {
            try w.file.commit()
            summary.records[d.rawValue] = counters[d] ?? 0
        }
        for w in [truth, population, households, areas] { try w.file.commit() }
        let specWriter = try AtomicFileWriter(path: o.directory + "/spec.json", overwrite: o.overwrite, mode: 0o644)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try specWriter.write(Array(try enc.encode(SynthDataset.partnershipSpec)))
        try specWriter.commit()
        let configWriter = try AtomicFileWriter(path: o.directory + "/link-config.json", overwrite: o.overwrite, mode: 0o644)
        try configWriter.write(Array(try enc.encode(SynthDataset.partnershipLinkConfig)))
        try configWriter.commit()
        summary.seconds = (ContinuousClock.now - start).seconds
        return summary
    }

    static func writeTruth(_ hh: SynthHousehold, population: CSVWriter, households: CSVWriter, summary: inout Summary) throws {
        for (i, p) in hh.people.enumerated() {
            summary.people += 1
            let cohort = hh.schoolReady[i]
            if let ready = cohort { summary.receptionCohort += 1; if !ready { summary.notSchoolReady += 1 } }
            try population.write([String(p.id), String(hh.id), String(hh.address.id), p.given, p.surname, p.formerSurname ?? "", p.sex,
                                  p.dob.description, cohort == nil ? "N" : "Y", cohort.map { $0 ? "Y" : "N" } ?? ""])
        }
        func yn(_ b: Bool) -> String { b ? "Y" : "N" }
        try households.write([String(hh.id), String(hh.address.id), hh.previousAddress.map { String($0.id) } ?? "", hh.address.postcode,
                              hh.address.smallArea, rounded3(hh.deprivation), yn(hh.claimsBenefits), yn(hh.arrears), yn(hh.domesticAbuse),
                              yn(hh.freeSchoolMeals), String(hh.inTreatment.count), String(hh.offenders.count), String(hh.youthOffenders.count),
                              String(hh.socialCare.count)])
    }
}

/// A number to three decimal places, as text.
func rounded3(_ v: Double) -> String { String((v * 1000).rounded() / 1000) }
