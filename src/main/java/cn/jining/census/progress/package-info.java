/**
 * Progress of the census on the ground, per census subarea, area, street office and district,
 * against the census calendar.
 *
 * <p>Input: the building states the collection app's reports add up to
 * ({@code building_progress}), the buildings each subarea registers ({@code subarea_building}),
 * the buildings marked on the ground ({@code building.marked_by}) and the calendar settings
 * ({@link cn.jining.census.progress.CalendarSettings}). Output: JSON per scope, a GeoJSON of the
 * subareas coloured by completion on the progress page ({@code frontend/progress.html}), and the
 * daily bulletin per street ({@code frontend/progress-bulletin.html}, printable).
 *
 * <p>Vocabulary: a building is <em>visited</em> when its state is 已登记 (registered), 空户
 * (vacant) or 拒访 (refused), and <em>pending</em> while 待访 or never reported; the
 * <em>completion</em> of a unit is its visited buildings over its registered buildings (0 to 1);
 * the <em>expected</em> completion on a date runs linearly from 0 at the start of short-form
 * registration to 1 at its end, and a unit is <em>behind</em> when its completion is below it.
 * Pre-listing (摸底) is measured by the buildings marked on the ground; the long form (10 % of
 * households) and the re-check are not collected by this service and are shown by date only.
 */
package cn.jining.census.progress;
