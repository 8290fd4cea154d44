// The synthetic large school for benchmarks: 5,000 students, 10 subjects each, 4 assessment
// components, 3 terms of scores (600,000 score rows). Built with set-based SQL (INSERT … SELECT over
// generate_series), never row by row from JavaScript, so it takes seconds rather than minutes.
// Deterministic: every "random" value comes from hashtext() of stable inputs, so two runs agree.
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { hashPassword } from "@/lib/auth/password";
import type { Queryable } from "./client";
import { selectRows } from "./client";

export const LARGE_SCHOOL = {
  students: 5_000,
  levels: 6,
  armsPerLevel: 14,
  subjects: 10,
  components: 4,
  terms: 3,
} as const;

/** The large school's administrator, for profiling pages against it by hand. */
export const LARGE_ADMIN = { email: "admin@large.test", password: "ams-large-admin" } as const;

const FIRST_NAMES = [
  "Adaeze", "Chinedu", "Fatima", "Tunde", "Ngozi", "Emeka", "Aisha", "Segun", "Bola", "Ifeoma",
  "Yusuf", "Kemi", "Obinna", "Zainab", "Femi", "Amaka", "Ibrahim", "Funmi", "Uche", "Hauwa",
  "David", "Grace", "Samuel", "Esther", "Daniel", "Ruth", "Joseph", "Mary", "Peter", "Joy",
  "Musa", "Halima", "Kunle", "Nneka", "Ahmed", "Bisi", "Ikenna", "Sade", "Usman", "Chioma",
];
const LAST_NAMES = [
  "Okafor", "Adeyemi", "Bello", "Okeke", "Ibrahim", "Olawale", "Eze", "Abubakar", "Nwosu", "Balogun",
  "Ogunleye", "Mohammed", "Chukwu", "Adebayo", "Yakubu", "Onyeka", "Afolabi", "Danjuma", "Obi", "Salami",
  "Ekwueme", "Lawal", "Nnamdi", "Ojo", "Sule", "Uzor", "Akande", "Garba", "Iwu", "Fashola",
  "Okonkwo", "Aliyu", "Anozie", "Bakare", "Dike", "Ezeh", "Ganiyu", "Idowu", "Jaja", "Kalu",
];
const SUBJECTS = [
  ["MTH", "Mathematics"], ["ENG", "English Language"], ["PHY", "Physics"], ["CHM", "Chemistry"],
  ["BIO", "Biology"], ["ECO", "Economics"], ["GOV", "Government"], ["LIT", "Literature in English"],
  ["GEO", "Geography"], ["CIV", "Civic Education"],
] as const;

/** An integer written into the SQL text, so PostgreSQL types it as an integer rather than unknown. */
const int = (n: number) => sql.raw(String(Math.trunc(n)));

const dialect = new PgDialect();

export type LargeSchoolCounts = { students: number; scores: number; offerings: number; classes: number };

/** Creates the large school in a migrated database that has reference data but no school yet. */
export async function seedLargeSchool(
  db: Queryable,
  options: { students?: number; onStep?: (step: string, milliseconds: number) => void } = {},
): Promise<LargeSchoolCounts> {
  const passwordHash = await hashPassword(LARGE_ADMIN.password);
  const { levels, armsPerLevel } = LARGE_SCHOOL;
  const { students = LARGE_SCHOOL.students, onStep } = options;
  const firstNames = sql.raw(`array[${FIRST_NAMES.map((n) => `'${n}'`).join(",")}]`);
  const lastNames = sql.raw(`array[${LAST_NAMES.map((n) => `'${n}'`).join(",")}]`);
  // A stable pseudo-random integer in [0, n) from a text key.
  const pick = (key: SQL, n: number) => sql`(abs(hashtext(${key})) % ${int(n)})`;

  await db.transaction(async (tx) => {
    const run = async (query: SQL) => {
      const started = performance.now();
      await tx.execute(query);
      // The statement's first words ("insert into scores") name the step well enough for a log.
      const text = dialect.sqlToQuery(query).sql;
      onStep?.(text.trim().split(/\s+/).slice(0, 3).join(" "), performance.now() - started);
    };
    await run(sql`insert into school_profile (name, motto, address, email)
      values ('Large Benchmark College', 'Measured, not assumed', '1 Benchmark Way', 'office@large.test')`);
    await run(sql`insert into departments (code, name) values
      ('SCI', 'Sciences'), ('LAN', 'Languages'), ('HUM', 'Humanities')`);
    await run(sql`insert into academic_years (name, starts_on, ends_on, is_current)
      values ('2026/2027', '2026-09-07', '2027-07-16', true)`);
    await run(sql`insert into terms (academic_year_id, name, sequence, starts_on, ends_on, is_current)
      select y.id, t.name, t.sequence, t.starts_on::date, t.ends_on::date, t.sequence = 1
      from academic_years y, (values ('First term', 1, '2026-09-07', '2026-12-11'),
                                     ('Second term', 2, '2027-01-11', '2027-04-01'),
                                     ('Third term', 3, '2027-04-19', '2027-07-16')) as t(name, sequence, starts_on, ends_on)`);
    await run(sql`insert into class_levels (code, name, sequence, is_final)
      select 'L' || n, 'Level ' || n, n, n = ${int(levels)} from generate_series(1, ${int(levels)}) n`);
    await run(sql`update class_levels l set next_level_id = nxt.id
      from class_levels nxt where nxt.sequence = l.sequence + 1`);
    await run(sql`insert into subjects (code, name, department_id, kind, credit_units)
      select s.code, s.name, (select id from departments where code = case when s.n <= 5 then 'SCI' when s.n <= 8 then 'HUM' else 'LAN' end),
             'core', '2.0'
      from (values ${sql.join(
        SUBJECTS.map(([code, name], i) => sql`(${code}, ${name}, ${int(i + 1)})`),
        sql`, `,
      )}) as s(code, name, n)`);

    // Users: the administrator, and one teacher per subject per level (60), all with the same password.
    await run(sql`insert into users (email, name, password_hash, email_verified_at)
      values (${LARGE_ADMIN.email}, 'Large School Admin', ${passwordHash}, now())`);
    await run(sql`insert into users (email, name, password_hash, email_verified_at)
      select 'teacher' || n || '@large.test', 'Teacher ' || n, ${passwordHash}, now()
      from generate_series(1, ${int(LARGE_SCHOOL.subjects * levels)}) n`);
    await run(sql`insert into user_roles (user_id, role_id)
      select u.id, r.id from users u join roles r
        on r.key = case when u.email like 'admin@%' then 'admin' else 'teacher' end`);
    await run(sql`insert into educators (user_id, staff_number, title, first_name, last_name, email)
      select u.id, 'LBC-' || lpad(substr(u.email, 8, position('@' in u.email) - 8), 3, '0'), 'Mx',
             'Teacher', substr(u.email, 8, position('@' in u.email) - 8), u.email
      from users u where u.email like 'teacher%@large.test'`);

    await run(sql`insert into classes (academic_year_id, class_level_id, arm, name, capacity, class_teacher_id)
      select y.id, l.id, chr(64 + a), l.name || ' ' || chr(64 + a), 70,
             (select e.id from educators e where e.staff_number = 'LBC-' || lpad((((l.sequence - 1) * ${int(armsPerLevel)} + a - 1) % 60 + 1)::text, 3, '0'))
      from academic_years y, class_levels l, generate_series(1, ${int(armsPerLevel)}) a`);
    await run(sql`insert into subject_offerings (subject_id, class_id, term_id)
      select s.id, c.id, t.id from subjects s, classes c, terms t`);
    // Teacher n teaches subject ((n-1) / levels) + 1 in every arm of level ((n-1) % levels) + 1.
    await run(sql`insert into offering_teachers (offering_id, educator_id)
      select o.id, e.id
      from subject_offerings o
      join subjects s on s.id = o.subject_id
      join classes c on c.id = o.class_id
      join class_levels l on l.id = c.class_level_id
      join educators e on e.staff_number = 'LBC-' || lpad((
        (select count(*) from subjects s2 where s2.code < s.code) * ${int(levels)} + l.sequence)::text, 3, '0')`);

    await run(sql`insert into students (admission_number, first_name, last_name, gender, date_of_birth, admitted_on)
      select 'LBC/' || lpad(n::text, 5, '0'),
             (${firstNames})[1 + ${pick(sql`'f' || n`, FIRST_NAMES.length)}],
             (${lastNames})[1 + ${pick(sql`'l' || n`, LAST_NAMES.length)}],
             case when n % 2 = 0 then 'female' else 'male' end,
             date '2010-01-01' + ${pick(sql`'d' || n`, 2000)}::int,
             date '2026-09-07'
      from generate_series(1, ${int(students)}) n`);
    // Students fill the classes round-robin by admission number, ~60 to a class.
    await run(sql`insert into enrolments (student_id, class_id, academic_year_id, enrolled_on)
      select s.id, c.id, c.academic_year_id, date '2026-09-07'
      from (select id, row_number() over (order by admission_number) - 1 as k from students) s
      join (select id, academic_year_id, row_number() over (order by name) - 1 as k from classes) c
        on c.k = s.k % ${int(levels * armsPerLevel)}`);
    await run(sql`insert into guardians (first_name, last_name, email, phone)
      select 'Parent', s.last_name, 'parent.' || lower(replace(s.admission_number, '/', '.')) || '@family.test', '+234 800 000 0000'
      from students s`);
    await run(sql`insert into guardian_students (guardian_id, student_id, relationship, is_primary_contact)
      select g.id, s.id, 'guardian', true from students s
      join guardians g on g.email = 'parent.' || lower(replace(s.admission_number, '/', '.')) || '@family.test'`);

    await run(sql`insert into assessment_schemes (name) values ('School default')`);
    await run(sql`insert into assessment_components (scheme_id, code, name, sequence, max_score, weight)
      select s.id, c.code, c.name, c.sequence, c.max_score, c.weight from assessment_schemes s,
        (values ('CA1', 'First test', 1, 10, 10), ('CA2', 'Second test', 2, 10, 10),
                ('ASG', 'Assignment', 3, 10, 10), ('EXM', 'Examination', 4, 70, 70)) as c(code, name, sequence, max_score, weight)`);
    await run(sql`insert into grade_scales (name, pass_mark) values ('School grading', 40)`);
    await run(sql`insert into grade_bands (scale_id, letter, min_score, max_score, points, remark)
      select s.id, b.letter, b.min_score, b.max_score, b.points, b.remark from grade_scales s,
        (values ('A', 70, 100, 5, 'Excellent'), ('B', 60, 69.99, 4, 'Very good'), ('C', 50, 59.99, 3, 'Good'),
                ('D', 45, 49.99, 2, 'Fair'), ('E', 40, 44.99, 1, 'Pass'), ('F', 0, 39.99, 0, 'Fail')) as b(letter, min_score, max_score, points, remark)`);

    // Scores: each student has an ability (30..89 %), each score varies ±15 points around it, 1 in
    // 200 is absent. One INSERT … SELECT writes all 600,000 rows.
    await run(sql`insert into scores (offering_id, student_id, component_id, mark, value, updated_by)
      select o.id, e.student_id, c.id,
             case when r.absent then 'absent' else 'score' end,
             case when r.absent then null
                  else round(c.max_score * least(100, greatest(0, r.ability + r.noise)) / 100 * 2) / 2 end,
             t.user_id
      from enrolments e
      join subject_offerings o on o.class_id = e.class_id
      join offering_teachers ot on ot.offering_id = o.id
      join educators t on t.id = ot.educator_id
      cross join assessment_components c
      cross join lateral (select
        30 + ${pick(sql`e.student_id::text`, 60)} as ability,
        ${pick(sql`e.student_id::text || o.id::text || c.id::text`, 31)} - 15 as noise,
        ${pick(sql`'a' || e.student_id::text || o.id::text || c.id::text`, 200)} = 0 as absent) r`);
    await run(sql`update subject_offerings so set assessment_scheme_id = (select id from assessment_schemes limit 1)
      where exists (select 1 from scores s where s.offering_id = so.id)`);
    await run(sql`insert into audit_log (action, entity_type, entity_id, after, reason)
      values ('school.seed_large', 'school', '1', ${JSON.stringify(LARGE_SCHOOL)}::jsonb, 'Synthetic large school for benchmarks')`);
  });

  const [counts] = await selectRows<{ students: number; scores: number; offerings: number; classes: number }>(
    db,
    sql`select (select count(*)::int from students) as students, (select count(*)::int from scores) as scores,
               (select count(*)::int from subject_offerings) as offerings, (select count(*)::int from classes) as classes`,
  );
  return counts!;
}
