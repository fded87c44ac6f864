/**
 * Who is asking and what they may touch.
 *
 * <p>Every request under {@code /api} and {@code /tiles} carries {@code Authorization: Bearer
 * TOKEN}. A token is 256 random bits, shown once when issued and stored only as its SHA-256
 * hash. Roles: {@code admin} (everything), {@code planner} (their streets), {@code supervisor}
 * (their census areas), {@code enumerator} (their subareas); a person's <em>scopes</em> are the
 * division codes they were given, and a scope covers every code that starts with it. An
 * enumerator or supervisor with a roster person ({@code person.user_id}) also holds the codes of
 * the subareas or census areas currently assigned to that person.
 */
package cn.jining.census.security;
