/// Name frequency lists for the synthetic town: common names are common (weights roughly follow
/// published UK frequencies, Zipf-like in the tail), with the mix of origins of an Essex new town.
/// Weights are relative, not counts.
enum SynthNames {
    /// Given names of people born since about 2005 (children and young adults), by sex.
    static let youngFemale: [(String, Int)] = [
        ("Olivia", 60), ("Amelia", 58), ("Isla", 45), ("Ava", 44), ("Emily", 40), ("Sophia", 30), ("Grace", 30), ("Mia", 30),
        ("Poppy", 28), ("Ella", 28), ("Lily", 28), ("Evie", 26), ("Isabella", 25), ("Sophie", 25), ("Ivy", 22), ("Freya", 22),
        ("Harper", 20), ("Willow", 20), ("Charlotte", 20), ("Jessica", 18), ("Rosie", 17), ("Daisy", 17), ("Alice", 16),
        ("Florence", 15), ("Millie", 15), ("Ruby", 15), ("Matilda", 14), ("Phoebe", 13), ("Sienna", 13), ("Evelyn", 12),
        ("Maisie", 12), ("Elsie", 12), ("Scarlett", 11), ("Layla", 11), ("Erin", 10), ("Holly", 10), ("Lucy", 10), ("Chloe", 10),
        ("Emma", 9), ("Hannah", 9), ("Leah", 8), ("Zara", 8), ("Aisha", 7), ("Fatima", 7), ("Maryam", 6), ("Amira", 5),
        ("Zuzanna", 4), ("Maja", 4), ("Hanna", 4), ("Amelie", 6), ("Eliza", 6), ("Harriet", 5), ("Georgia", 6), ("Megan", 6),
        ("Abigail", 6), ("Jasmine", 6), ("Eleanor", 6), ("Esme", 5), ("Thea", 5), ("Nancy", 5), ("Bella", 5), ("Lola", 5),
        ("Lacey", 4), ("Lexi", 4), ("Darcie", 4), ("Summer", 4), ("Skye", 3), ("Kayla", 3), ("Chantelle", 2), ("Aaliyah", 3),
    ]
    static let youngMale: [(String, Int)] = [
        ("Oliver", 60), ("George", 58), ("Noah", 50), ("Arthur", 45), ("Harry", 40), ("Leo", 38), ("Muhammad", 36), ("Jack", 35),
        ("Charlie", 34), ("Oscar", 33), ("Jacob", 28), ("Henry", 27), ("Freddie", 26), ("Alfie", 26), ("Theo", 25), ("Thomas", 24),
        ("Archie", 22), ("Joshua", 22), ("Alexander", 20), ("James", 20), ("Isaac", 18), ("Edward", 17), ("Max", 17), ("Lucas", 16),
        ("Finley", 16), ("Logan", 15), ("Ethan", 15), ("Teddy", 15), ("Samuel", 14), ("Mason", 14), ("Joseph", 14), ("Harrison", 12),
        ("Sebastian", 12), ("William", 12), ("Reggie", 11), ("Tommy", 11), ("Riley", 10), ("Dylan", 10), ("Jenson", 9), ("Toby", 9),
        ("Louie", 9), ("Elijah", 9), ("Ronnie", 8), ("Frankie", 8), ("Bobby", 8), ("Luca", 8), ("Mohammed", 8), ("Ibrahim", 6),
        ("Yusuf", 5), ("Adam", 10), ("Daniel", 9), ("Jayden", 6), ("Kai", 6), ("Tyler", 6), ("Kacper", 4), ("Jakub", 4),
        ("Filip", 3), ("Ryan", 6), ("Callum", 5), ("Kian", 4), ("Harvey", 8), ("Jaxon", 5), ("Albie", 5), ("Stanley", 5),
    ]
    /// Given names of adults born about 1945–2004, by sex.
    static let adultFemale: [(String, Int)] = [
        ("Sarah", 40), ("Emma", 38), ("Laura", 34), ("Rebecca", 30), ("Claire", 30), ("Nicola", 28), ("Lisa", 28), ("Michelle", 26),
        ("Kelly", 26), ("Gemma", 25), ("Amy", 24), ("Hayley", 22), ("Louise", 22), ("Samantha", 22), ("Stacey", 20), ("Danielle", 18),
        ("Jennifer", 18), ("Rachel", 18), ("Joanne", 18), ("Victoria", 16), ("Charlotte", 16), ("Katie", 16), ("Hannah", 14),
        ("Jade", 14), ("Karen", 14), ("Susan", 14), ("Julie", 14), ("Tracey", 14), ("Donna", 12), ("Dawn", 10), ("Sharon", 12),
        ("Angela", 10), ("Helen", 12), ("Elizabeth", 12), ("Margaret", 8), ("Patricia", 8), ("Linda", 8), ("Deborah", 8),
        ("Jacqueline", 6), ("Zoe", 10), ("Natalie", 12), ("Kirsty", 8), ("Leanne", 10), ("Carly", 6), ("Toni", 5), ("Shabana", 3),
        ("Nasreen", 3), ("Agnieszka", 3), ("Katarzyna", 3), ("Chioma", 2), ("Sophie", 12), ("Lauren", 14), ("Chelsea", 8),
    ]
    static let adultMale: [(String, Int)] = [
        ("David", 40), ("Paul", 36), ("Mark", 34), ("Andrew", 32), ("James", 32), ("Daniel", 28), ("Michael", 28), ("Richard", 24),
        ("Christopher", 24), ("Matthew", 24), ("Stephen", 22), ("Robert", 22), ("John", 22), ("Lee", 20), ("Craig", 18), ("Darren", 18),
        ("Wayne", 16), ("Dean", 14), ("Jason", 14), ("Scott", 14), ("Gary", 14), ("Kevin", 14), ("Ian", 12), ("Simon", 12),
        ("Peter", 12), ("Anthony", 12), ("Thomas", 14), ("Adam", 14), ("Ryan", 14), ("Liam", 14), ("Jamie", 12), ("Luke", 12),
        ("Ben", 10), ("Ashley", 8), ("Carl", 8), ("Neil", 8), ("Martin", 10), ("Stuart", 8), ("Terry", 6), ("Keith", 6),
        ("Colin", 5), ("Mohammed", 6), ("Imran", 3), ("Tomasz", 3), ("Piotr", 3), ("Emeka", 2), ("Jordan", 8), ("Connor", 8),
    ]

    /// Surnames with relative frequencies: the top of the English list, then Scottish, Irish,
    /// South Asian, Polish, Nigerian and other surnames found in south Essex.
    static let surnames: [(String, Int)] = [
        ("Smith", 120), ("Jones", 70), ("Taylor", 55), ("Brown", 50), ("Williams", 48), ("Wilson", 40), ("Johnson", 38),
        ("Davies", 34), ("Robinson", 32), ("Wright", 32), ("Thompson", 31), ("Evans", 30), ("Walker", 30), ("White", 29),
        ("Roberts", 29), ("Green", 28), ("Hall", 28), ("Wood", 27), ("Jackson", 27), ("Clarke", 26), ("Patel", 26), ("Khan", 22),
        ("Lewis", 24), ("James", 23), ("Turner", 23), ("Hill", 22), ("Harris", 22), ("Cooper", 22), ("King", 22), ("Lee", 21),
        ("Martin", 21), ("Clark", 21), ("Baker", 20), ("Morris", 20), ("Harrison", 19), ("Scott", 19), ("Young", 19), ("Morgan", 18),
        ("Allen", 18), ("Moore", 18), ("Mitchell", 17), ("Bell", 17), ("Cook", 17), ("Ward", 17), ("Carter", 16), ("Bailey", 16),
        ("Parker", 16), ("Watson", 15), ("Shaw", 15), ("Collins", 15), ("Adams", 15), ("Murphy", 14), ("Kelly", 14), ("Cox", 14),
        ("Richardson", 14), ("Marshall", 13), ("Simpson", 13), ("Ellis", 13), ("Griffiths", 12), ("Wilkinson", 12), ("Chapman", 12),
        ("Webb", 12), ("Rogers", 12), ("Gray", 12), ("Mason", 12), ("Hunt", 11), ("Palmer", 11), ("Mills", 11), ("Holmes", 11),
        ("Barnes", 11), ("Knight", 11), ("Lloyd", 10), ("Butler", 10), ("Russell", 10), ("Barker", 10), ("Fisher", 10),
        ("Stevens", 10), ("Jenkins", 10), ("Murray", 10), ("Dixon", 10), ("Harvey", 10), ("Graham", 9), ("Pearson", 9),
        ("Ahmed", 9), ("Fletcher", 9), ("Walsh", 9), ("Kaur", 9), ("Gibson", 9), ("Howard", 9), ("Andrews", 9), ("Stewart", 9),
        ("Elliott", 8), ("Reynolds", 8), ("Saunders", 8), ("Payne", 8), ("Fox", 8), ("Ford", 8), ("Pearce", 8), ("Day", 8),
        ("Brooks", 8), ("West", 8), ("Lawrence", 8), ("Cole", 7), ("Atkinson", 7), ("Bradley", 7), ("Spencer", 7), ("Gill", 7),
        ("Dawson", 7), ("Ball", 7), ("Burton", 7), ("O'Brien", 7), ("Watts", 7), ("Rose", 7), ("Booth", 7), ("Perry", 7),
        ("Ryan", 7), ("Grant", 6), ("Wells", 6), ("Armstrong", 6), ("Francis", 6), ("Rees", 6), ("Hayes", 6), ("Hart", 6),
        ("Hudson", 6), ("Newman", 6), ("Barrett", 6), ("Webster", 6), ("Hunter", 6), ("Gregory", 6), ("Carr", 6), ("Lowe", 6),
        ("Page", 6), ("Marsh", 6), ("Riley", 6), ("Dunn", 6), ("Woods", 6), ("Parsons", 6), ("Berry", 6), ("Stone", 6),
        ("Reid", 6), ("Holland", 6), ("Hawkins", 6), ("Harding", 5), ("Porter", 5), ("Robertson", 5), ("Newton", 5),
        ("Oliver", 5), ("Reed", 5), ("Kennedy", 5), ("Williamson", 5), ("Bird", 5), ("Gardner", 5), ("Shah", 5), ("Dean", 5),
        ("Lane", 5), ("Cooke", 5), ("Bates", 5), ("Henderson", 5), ("Parry", 5), ("Burgess", 5), ("Bishop", 5), ("Walton", 5),
        ("Burns", 5), ("Nicholson", 5), ("Shepherd", 5), ("Ross", 5), ("Cross", 5), ("Long", 5), ("Freeman", 5), ("Warren", 5),
        ("Nicholls", 5), ("Hamilton", 5), ("Byrne", 5), ("Sutton", 5), ("McDonald", 5), ("Yates", 5), ("Hodgson", 4),
        ("Robson", 4), ("Curtis", 4), ("Hopkins", 4), ("O'Connor", 4), ("Harper", 4), ("Coleman", 4), ("Watkins", 4), ("Moss", 4),
        ("McCarthy", 4), ("Chambers", 4), ("O'Neill", 4), ("Griffin", 4), ("Sharp", 4), ("Hardy", 4), ("Wheeler", 4), ("Potter", 4),
        ("Osborne", 4), ("Johnston", 4), ("Gordon", 4), ("Doyle", 4), ("Wallace", 4), ("George", 4), ("Jordan", 4), ("Hutchinson", 4),
        ("Begum", 6), ("Hussain", 6), ("Ali", 6), ("Singh", 6), ("Akhtar", 3), ("Rahman", 3), ("Sharma", 3), ("Nowak", 3),
        ("Kowalski", 3), ("Wisniewski", 2), ("Wojcik", 2), ("Okafor", 2), ("Adeyemi", 2), ("Mensah", 2), ("Nguyen", 2),
        ("Smith-Jones", 1), ("Taylor-Brown", 1), ("Martin-Clarke", 1), ("Da Silva", 2), ("MacDonald", 2), ("McKenzie", 2),
    ]

    /// Informal forms that appear in some systems (by formal name).
    static let nicknames: [String: [String]] = [
        "William": ["Will", "Bill", "Billy"], "Robert": ["Rob", "Bob", "Bobby"], "Elizabeth": ["Liz", "Beth", "Lizzie"],
        "Margaret": ["Maggie", "Peggy"], "Michael": ["Mike", "Mick"], "Christopher": ["Chris"], "Matthew": ["Matt"],
        "Daniel": ["Dan", "Danny"], "Thomas": ["Tom", "Tommy"], "James": ["Jim", "Jimmy", "Jamie"], "Joseph": ["Joe"],
        "Jennifer": ["Jenny", "Jen"], "Rebecca": ["Becky", "Becca"], "Samantha": ["Sam", "Sammy"], "Victoria": ["Vicky", "Tori"],
        "Alexander": ["Alex", "Alfie"], "Samuel": ["Sam", "Sammy"], "Edward": ["Ed", "Eddie", "Ted"], "Anthony": ["Tony"],
        "Stephen": ["Steve"], "Andrew": ["Andy", "Drew"], "Richard": ["Rich", "Dick"], "Benjamin": ["Ben"], "Jacob": ["Jake"],
        "Isabella": ["Bella", "Izzy"], "Charlotte": ["Lottie", "Charlie"], "Nicola": ["Nicky"], "Danielle": ["Dani"],
        "Frederick": ["Freddie", "Fred"], "Theodore": ["Theo", "Teddy"], "Jessica": ["Jess"], "Katherine": ["Kate", "Katie"],
        "Patricia": ["Pat", "Trish"], "Deborah": ["Debbie", "Deb"], "Susan": ["Sue"], "Jacqueline": ["Jackie"], "Lauren": ["Laurie"],
        "Harrison": ["Harry"], "Henry": ["Harry"], "Oliver": ["Ollie"], "Charles": ["Charlie"], "Sophie": ["Soph"], "Abigail": ["Abbie"],
        "Eleanor": ["Ellie", "Nell"], "Amelia": ["Millie", "Amy"], "Florence": ["Flo", "Florrie"], "Matilda": ["Tilly"],
    ]
}
