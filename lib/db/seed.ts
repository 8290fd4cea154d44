// The demo school: deterministic (fixed random seed) so screenshots, tests and docs agree.
import { en, en_NG, Faker } from "@faker-js/faker";
import { count, eq, inArray } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { hashPassword } from "@/lib/auth/password";
import type { RoleKey } from "./schema";
import * as t from "./schema";
import type { Queryable } from "./client";

/** Printed by `npm start` and listed in the README; change both together. */
export const DEMO_ACCOUNTS = [
  { role: "admin", email: "admin@school.test", password: "ams-demo-admin" },
  { role: "staff", email: "office@school.test", password: "ams-demo-office" },
  { role: "teacher", email: "teacher@school.test", password: "ams-demo-teacher" },
  { role: "head_of_department", email: "hod@school.test", password: "ams-demo-hod" },
  { role: "parent", email: "parent@school.test", password: "ams-demo-parent" },
  { role: "student", email: "student@school.test", password: "ams-demo-student" },
] as const satisfies ReadonlyArray<{ role: RoleKey; email: string; password: string }>;

const YEAR = { name: "2026/2027", startsOn: "2026-09-07", endsOn: "2027-07-16" };
const TERMS = [
  { name: "First term", sequence: 1, startsOn: "2026-09-07", endsOn: "2026-12-11", isCurrent: true },
  { name: "Second term", sequence: 2, startsOn: "2027-01-11", endsOn: "2027-04-01", isCurrent: false },
  { name: "Third term", sequence: 3, startsOn: "2027-04-19", endsOn: "2027-07-16", isCurrent: false },
];
const LEVELS = [
  { code: "JSS1", name: "JSS 1" },
  { code: "JSS2", name: "JSS 2" },
  { code: "JSS3", name: "JSS 3" },
  { code: "SSS1", name: "SSS 1" },
  { code: "SSS2", name: "SSS 2" },
  { code: "SSS3", name: "SSS 3" },
];
const ARMS = ["A", "B"];
const DEPARTMENTS = [
  { code: "SCI", name: "Sciences" },
  { code: "LAN", name: "Languages" },
  { code: "HUM", name: "Humanities" },
  { code: "ART", name: "Arts and Technology" },
];
/** code, name, department, kind, credit units, number of teachers */
const SUBJECTS: Array<[string, string, string, "core" | "elective", string, number]> = [
  ["MTH", "Mathematics", "SCI", "core", "3.0", 3],
  ["ENG", "English Language", "LAN", "core", "3.0", 3],
  ["BSC", "Basic Science", "SCI", "core", "2.0", 3],
  ["SST", "Social Studies", "HUM", "core", "2.0", 3],
  ["BTE", "Basic Technology", "ART", "core", "2.0", 2],
  ["CIV", "Civic Education", "HUM", "core", "1.0", 2],
  ["CMP", "Computer Studies", "ART", "core", "2.0", 2],
  ["AGR", "Agricultural Science", "SCI", "core", "2.0", 2],
  ["PHE", "Physical and Health Education", "SCI", "core", "1.0", 2],
  ["FRE", "French", "LAN", "elective", "1.0", 1],
  ["FAR", "Fine Art", "ART", "elective", "1.0", 1],
  ["MUS", "Music", "ART", "elective", "1.0", 1],
];
/** The school default scheme; weights add up to 100. */
const COMPONENTS = [
  { code: "CA1", name: "First test", sequence: 1, maxScore: "15", weight: "15" },
  { code: "CA2", name: "Second test", sequence: 2, maxScore: "15", weight: "15" },
  { code: "ASG", name: "Assignment", sequence: 3, maxScore: "10", weight: "10" },
  { code: "EXM", name: "Examination", sequence: 4, maxScore: "60", weight: "60" },
];
const GRADE_BANDS = [
  { letter: "A", minScore: "70", maxScore: "100", points: "5", remark: "Excellent" },
  { letter: "B", minScore: "60", maxScore: "69.99", points: "4", remark: "Very good" },
  { letter: "C", minScore: "50", maxScore: "59.99", points: "3", remark: "Good" },
  { letter: "D", minScore: "45", maxScore: "49.99", points: "2", remark: "Fair" },
  { letter: "E", minScore: "40", maxScore: "44.99", points: "1", remark: "Pass" },
  { letter: "F", minScore: "0", maxScore: "39.99", points: "0", remark: "Fail" },
];

export type DemoSchool = {
  academicYearId: string;
  termIds: string[];
  classIds: string[];
  adminUserId: string;
  staffUserId: string;
  teacher: { userId: string; educatorId: string; classIds: string[]; subjectId: string };
  otherTeacher: { userId: string; educatorId: string };
  /** Heads Sciences (Mathematics, Basic Science) and teaches Mathematics in the upper classes. */
  headOfDepartment: { userId: string; educatorId: string };
  parent: { userId: string; guardianId: string; studentIds: string[] };
  student: { userId: string; studentId: string };
  /** A student in none of the demo teacher's classes and not the demo parent's child. */
  strangerStudentId: string;
  studentCount: number;
};

export async function isSeeded(db: Queryable): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(t.schoolProfile);
  return (row?.n ?? 0) > 0;
}

export type SeedOptions = {
  /** 25 gives the ~300-student demo; tests use fewer to stay fast. */
  studentsPerClass?: number;
  /** Score entry for the first term (the demo has it; some tests want an empty gradebook). */
  withScores?: boolean;
};

export async function seedDemoSchool(db: Queryable, options: SeedOptions = {}): Promise<DemoSchool> {
  const studentsPerClass = options.studentsPerClass ?? 25;
  const faker = new Faker({ locale: [en_NG, en] });
  faker.seed(20260907);
  const uuid = () => faker.string.uuid();

  // One hash per demo password, shared by every account of that role: hashing is deliberately slow.
  const passwordHash = Object.fromEntries(
    await Promise.all(DEMO_ACCOUNTS.map(async (a) => [a.role, await hashPassword(a.password)] as const)),
  ) as Record<RoleKey, string>;

  return db.transaction(async (tx) => {
    const roleRows = await tx.select({ id: t.roles.id, key: t.roles.key }).from(t.roles);
    const roleId = Object.fromEntries(roleRows.map((r) => [r.key, r.id])) as Record<RoleKey, string>;
    if (!roleId.admin) throw new Error("Reference data is missing: run ensureReferenceData before seeding.");

    const users: Array<typeof t.users.$inferInsert> = [];
    const userRoles: Array<typeof t.userRoles.$inferInsert> = [];
    const addUser = (email: string, name: string, role: RoleKey) => {
      const id = uuid();
      users.push({ id, email, name, passwordHash: passwordHash[role], emailVerifiedAt: new Date("2026-09-01") });
      userRoles.push({ userId: id, roleId: roleId[role] });
      return id;
    };

    await tx.insert(t.schoolProfile).values({
      name: "Greenfield Academy",
      motto: "Knowledge, character, service",
      address: "12 Unity Road, Ibadan",
      phone: "+234 802 000 1234",
      email: "office@school.test",
    });

    const departments = DEPARTMENTS.map((d) => ({ id: uuid(), ...d }));
    await tx.insert(t.departments).values(departments);
    const departmentId = Object.fromEntries(departments.map((d) => [d.code, d.id]));

    const academicYearId = uuid();
    await tx.insert(t.academicYears).values({ id: academicYearId, ...YEAR, isCurrent: true });
    const terms = TERMS.map((term) => ({ id: uuid(), academicYearId, ...term }));
    await tx.insert(t.terms).values(terms);

    const levels = LEVELS.map((level, i) => ({ id: uuid(), ...level, sequence: i + 1, isFinal: i === LEVELS.length - 1 }));
    await tx.insert(t.classLevels).values(levels);
    for (let i = 0; i < levels.length - 1; i++) {
      await tx.update(t.classLevels).set({ nextLevelId: levels[i + 1]!.id }).where(eq(t.classLevels.id, levels[i]!.id));
    }

    const subjects = SUBJECTS.map(([code, name, dept, kind, creditUnits]) => ({
      id: uuid(),
      code,
      name,
      kind,
      creditUnits,
      departmentId: departmentId[dept],
    }));
    await tx.insert(t.subjects).values(subjects);

    // Staff: the demo teacher is the first Mathematics teacher and class teacher of JSS 1 A.
    const adminUserId = addUser("admin@school.test", "Adaeze Okafor", "admin");
    const staffUserId = addUser("office@school.test", "Musa Bello", "staff");
    const educators: Array<typeof t.educators.$inferInsert & { id: string; subjectIndex: number }> = [];
    let staffSeq = 1;
    SUBJECTS.forEach(([, , dept, , , teacherCount], subjectIndex) => {
      for (let k = 0; k < teacherCount; k++) {
        const sex = faker.helpers.arrayElement(["female", "male"] as const);
        const firstName = faker.person.firstName(sex);
        const lastName = faker.person.lastName();
        // The third Mathematics teacher is the demo head of department (Sciences), who approves scores.
        const isHead = educators.length === 2;
        const email =
          educators.length === 0
            ? "teacher@school.test"
            : isHead
              ? "hod@school.test"
              : `${firstName}.${lastName}.${staffSeq}@school.test`.toLowerCase().replace(/[^a-z0-9.@]/g, "");
        const userId = addUser(email, `${firstName} ${lastName}`, isHead ? "head_of_department" : "teacher");
        educators.push({
          id: uuid(),
          userId,
          staffNumber: `STF-${String(staffSeq++).padStart(3, "0")}`,
          title: sex === "female" ? "Mrs" : "Mr",
          firstName,
          lastName,
          email,
          phone: faker.phone.number(),
          departmentId: departmentId[dept],
          subjectIndex,
        });
      }
    });

    const classes = levels.flatMap((level, levelIndex) =>
      ARMS.map((arm, armIndex) => ({
        id: uuid(),
        academicYearId,
        classLevelId: level.id,
        arm,
        name: `${level.name} ${arm}`,
        capacity: 30,
        classTeacherId: educators[levelIndex * ARMS.length + armIndex]!.id,
      })),
    );

    // Each subject's teachers share its classes in contiguous blocks (teacher 1 takes the lower classes).
    const teacherOf = new Map<string, string>(); // `${subjectIndex}:${classIndex}` -> educator id
    SUBJECTS.forEach((_, subjectIndex) => {
      const teachers = educators.filter((e) => e.subjectIndex === subjectIndex);
      classes.forEach((_, classIndex) => {
        const block = Math.floor((classIndex * teachers.length) / classes.length);
        teacherOf.set(`${subjectIndex}:${classIndex}`, teachers[block]!.id);
      });
    });

    const offerings: Array<{ id: string; subjectId: string; classId: string; termId: string }> = [];
    const offeringTeachers: Array<{ offeringId: string; educatorId: string }> = [];
    const offeringFor = new Map<string, string>(); // `${subjectIndex}:${classIndex}:${termIndex}` -> id
    terms.forEach((term, termIndex) =>
      classes.forEach((klass, classIndex) =>
        subjects.forEach((subject, subjectIndex) => {
          const id = uuid();
          offerings.push({ id, subjectId: subject.id, classId: klass.id, termId: term.id });
          offeringTeachers.push({ offeringId: id, educatorId: teacherOf.get(`${subjectIndex}:${classIndex}`)! });
          offeringFor.set(`${subjectIndex}:${classIndex}:${termIndex}`, id);
        }),
      ),
    );

    // Students, their enrolments and electives.
    const students: Array<typeof t.students.$inferInsert & { id: string; classIndex: number; elective: number }> = [];
    classes.forEach((_, classIndex) => {
      const levelIndex = Math.floor(classIndex / ARMS.length);
      const admissionYear = 2026 - levelIndex;
      for (let k = 0; k < studentsPerClass; k++) {
        const sex = faker.helpers.arrayElement(["female", "male"] as const);
        students.push({
          id: uuid(),
          admissionNumber: `GFA/${admissionYear}/${String(students.length + 1).padStart(4, "0")}`,
          firstName: faker.person.firstName(sex),
          middleName: faker.datatype.boolean(0.5) ? faker.person.firstName(sex) : null,
          lastName: faker.person.lastName(),
          gender: sex,
          dateOfBirth: faker.date
            .between({ from: `${admissionYear - 11}-09-01`, to: `${admissionYear - 10}-08-31` })
            .toISOString()
            .slice(0, 10),
          admittedOn: `${admissionYear}-09-07`,
          classIndex,
          elective: 9 + faker.number.int({ min: 0, max: 2 }),
        });
      }
    });
    const demoStudent = students[0]!; // JSS 1 A, taught Mathematics by the demo teacher
    const demoSibling = students[6 * studentsPerClass]!; // SSS 1 A, not taught by the demo teacher
    const stranger = students[students.length - 1]!; // SSS 3 B
    const studentUserId = addUser("student@school.test", `${demoStudent.firstName} ${demoStudent.lastName}`, "student");
    demoStudent.userId = studentUserId;
    demoStudent.email = "student@school.test";

    // Families: most children have their own family; every seventh child is a sibling in an earlier family.
    const families: Array<{ studentIds: string[] }> = [];
    const familyOf = new Map<string, (typeof families)[number]>();
    const demoFamily = { studentIds: [demoStudent.id, demoSibling.id] };
    families.push(demoFamily);
    familyOf.set(demoStudent.id, demoFamily);
    familyOf.set(demoSibling.id, demoFamily);
    demoSibling.lastName = demoStudent.lastName;
    students.forEach((student, i) => {
      if (familyOf.has(student.id)) return;
      const earlier = i % 7 === 6 ? familyOf.get(students[i - 6]!.id) : undefined;
      const family = earlier && earlier !== demoFamily ? earlier : { studentIds: [] as string[] };
      if (family !== earlier) families.push(family);
      else student.lastName = students.find((s) => s.id === family.studentIds[0])!.lastName; // siblings share a surname
      family.studentIds.push(student.id);
      familyOf.set(student.id, family);
    });

    const guardians: Array<typeof t.guardians.$inferInsert & { id: string }> = [];
    const links: Array<typeof t.guardianStudents.$inferInsert> = [];
    let parentUserId = "";
    let demoGuardianId = "";
    for (const family of families) {
      const lastName = students.find((s) => s.id === family.studentIds[0])!.lastName;
      const pair = faker.datatype.boolean(0.6);
      const members: Array<{ sex: "female" | "male"; relationship: (typeof t.guardianRelationships)[number] }> = pair
        ? [
            { sex: "female", relationship: "mother" },
            { sex: "male", relationship: "father" },
          ]
        : [faker.helpers.arrayElement([{ sex: "female", relationship: "mother" }, { sex: "male", relationship: "father" }, { sex: "female", relationship: "guardian" }] as const)];
      members.forEach((member, memberIndex) => {
        const firstName = faker.person.firstName(member.sex);
        const isDemoParent = family === demoFamily && memberIndex === 0;
        const email = isDemoParent
          ? "parent@school.test"
          : `${firstName}.${lastName}.${guardians.length + 1}@family.test`.toLowerCase().replace(/[^a-z0-9.@]/g, "");
        const guardian = {
          id: uuid(),
          userId: isDemoParent ? addUser(email, `${firstName} ${lastName}`, "parent") : null,
          title: member.sex === "female" ? "Mrs" : "Mr",
          firstName,
          lastName,
          email,
          phone: faker.phone.number(),
          address: faker.location.streetAddress(),
          occupation: faker.person.jobTitle(),
        };
        if (isDemoParent) {
          parentUserId = guardian.userId!;
          demoGuardianId = guardian.id;
        }
        guardians.push(guardian);
        for (const studentId of family.studentIds) {
          links.push({ guardianId: guardian.id, studentId, relationship: member.relationship, isPrimaryContact: memberIndex === 0 });
        }
      });
    }

    await tx.insert(t.users).values(users);
    await tx.insert(t.userRoles).values(userRoles);
    await tx.insert(t.educators).values(educators.map(({ subjectIndex: _, ...e }) => e));
    await tx.insert(t.classes).values(classes);
    await tx.update(t.departments).set({ headEducatorId: educators[2]!.id }).where(eq(t.departments.code, "SCI"));
    await insertInChunks(tx, t.subjectOfferings, offerings);
    await insertInChunks(tx, t.offeringTeachers, offeringTeachers);
    await insertInChunks(
      tx,
      t.students,
      students.map(({ classIndex: _c, elective: _e, ...s }) => s),
    );
    await insertInChunks(
      tx,
      t.enrolments,
      students.map((s) => ({ id: uuid(), studentId: s.id, classId: classes[s.classIndex]!.id, academicYearId, enrolledOn: YEAR.startsOn })),
    );
    await insertInChunks(
      tx,
      t.studentElectives,
      students.map((s) => ({ studentId: s.id, subjectId: subjects[s.elective]!.id, academicYearId, chosenAt: new Date("2026-09-07") })),
    );
    await insertInChunks(tx, t.guardians, guardians);
    await insertInChunks(tx, t.guardianStudents, links);

    const schemeId = uuid();
    await tx.insert(t.assessmentSchemes).values({ id: schemeId, name: "School default" });
    const components = COMPONENTS.map((c) => ({ id: uuid(), schemeId, ...c }));
    await tx.insert(t.assessmentComponents).values(components);
    const scaleId = uuid();
    await tx.insert(t.gradeScales).values({ id: scaleId, name: "School grading", passMark: "40" });
    await tx.insert(t.gradeBands).values(GRADE_BANDS.map((b) => ({ id: uuid(), scaleId, ...b })));

    await tx.insert(t.commentBank).values([
      { kind: "class_teacher", body: "An outstanding term. Keep it up!", minAverage: "70", maxAverage: "100" },
      { kind: "class_teacher", body: "A good term's work; aim higher next term.", minAverage: "50", maxAverage: "69.99" },
      { kind: "class_teacher", body: "Needs to work harder and ask for help early.", minAverage: "0", maxAverage: "49.99" },
      { kind: "principal", body: "Well done.", minAverage: "60", maxAverage: "100" },
      { kind: "principal", body: "More effort is expected next term.", minAverage: "0", maxAverage: "59.99" },
    ]);
    await tx.insert(t.documentTypes).values([
      { name: "Birth certificate", requiredAtAdmission: true },
      { name: "Transcript from previous school", requiredAtAdmission: false },
      { name: "Transfer letter", requiredAtAdmission: false },
      { name: "Passport photograph", allowedMimeTypes: ["image/jpeg", "image/png", "image/webp"], maxBytes: 2 * 1024 * 1024 },
    ]);

    if (options.withScores ?? true) {
      // First-term scores: each student has an ability, each score varies around it.
      const teacherUserOf = new Map(educators.map((e) => [e.id, e.userId!]));
      const scoreRows: Array<typeof t.scores.$inferInsert> = [];
      for (const student of students) {
        const ability = clamp(normal(faker, 58, 14), 15, 98);
        const subjectIndexes = [...SUBJECTS.keys()].filter((i) => SUBJECTS[i]![3] === "core" || i === student.elective);
        for (const subjectIndex of subjectIndexes) {
          const offeringId = offeringFor.get(`${subjectIndex}:${student.classIndex}:0`)!;
          const updatedBy = teacherUserOf.get(teacherOf.get(`${subjectIndex}:${student.classIndex}`)!)!;
          for (const component of components) {
            const absent = faker.number.float() < 0.01;
            const max = Number(component.maxScore);
            const percent = clamp(normal(faker, ability, 10), 0, 100);
            scoreRows.push({
              offeringId,
              studentId: student.id,
              componentId: component.id,
              mark: absent ? "absent" : "score",
              value: absent ? null : (Math.round((percent * max) / 50) / 2).toFixed(2), // nearest half mark
              updatedBy,
              createdAt: new Date("2026-11-20T09:00:00Z"),
            });
          }
        }
      }
      await insertInChunks(tx, t.scores, scoreRows);
      // Offerings with scores keep the scheme they were entered against (see subject_offerings).
      await tx.update(t.subjectOfferings).set({ assessmentSchemeId: schemeId }).where(inArray(t.subjectOfferings.id, [...new Set(scoreRows.map((r) => r.offeringId))]));
    }

    await tx.insert(t.auditLog).values({
      actorUserId: null,
      action: "school.seed_demo",
      entityType: "school",
      entityId: "1",
      after: { students: students.length, teachers: educators.length, classes: classes.length },
      reason: "Demo school created on first start",
    });

    const teacher = educators[0]!;
    const other = educators.find((e) => e.subjectIndex === 0 && e.id !== teacher.id)!;
    return {
      academicYearId,
      termIds: terms.map((term) => term.id),
      classIds: classes.map((c) => c.id),
      adminUserId,
      staffUserId,
      teacher: {
        userId: teacher.userId!,
        educatorId: teacher.id,
        subjectId: subjects[0]!.id,
        classIds: classes.filter((_, i) => teacherOf.get(`0:${i}`) === teacher.id).map((c) => c.id),
      },
      otherTeacher: { userId: other.userId!, educatorId: other.id },
      headOfDepartment: { userId: educators[2]!.userId!, educatorId: educators[2]!.id },
      parent: { userId: parentUserId, guardianId: demoGuardianId, studentIds: demoFamily.studentIds },
      student: { userId: studentUserId, studentId: demoStudent.id },
      strangerStudentId: stranger.id,
      studentCount: students.length,
    };
  });
}

async function insertInChunks<T extends PgTable>(
  db: Queryable,
  table: T,
  rows: Array<T["$inferInsert"]>,
  size = 1000,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await db.insert(table).values(rows.slice(i, i + size));
  }
}

function normal(faker: Faker, mean: number, sd: number): number {
  const u = 1 - faker.number.float();
  const v = faker.number.float();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
