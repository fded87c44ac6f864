package cn.jining.census.progress;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The census calendar: pre-listing (摸底), short-form registration (短表登记), long-form
 * registration (长表登记) and re-check (比对复查), and what share of the buildings should be
 * visited by a given day.
 */
@ApplicationScoped
public class CensusCalendar {

    /** One phase, both days included. */
    public record Phase(String code, String label, LocalDate from, LocalDate to) {
        boolean holds(LocalDate day) {
            return !day.isBefore(from) && !day.isAfter(to);
        }
    }

    private final List<Phase> phases;
    private final Phase shortForm;

    @Inject
    public CensusCalendar(CalendarSettings settings) {
        this(List.of(phase("pre-listing", "摸底", settings.preListing(), "census.calendar.pre-listing"),
                phase("short-form", "短表登记", settings.shortForm(), "census.calendar.short-form"),
                phase("long-form", "长表登记", settings.longForm(), "census.calendar.long-form"),
                phase("re-check", "比对复查", settings.reCheck(), "census.calendar.re-check")));
    }

    CensusCalendar(List<Phase> phases) {
        this.phases = phases;
        this.shortForm = phases.get(1);
    }

    public List<Phase> phases() {
        return phases;
    }

    /** The phase holding {@code day}; empty between or outside the phases. */
    public Optional<Phase> phaseOn(LocalDate day) {
        return phases.stream().filter(p -> p.holds(day)).findFirst();
    }

    /**
     * The share (0 to 1) of buildings that should be visited by the end of {@code day}: 0 before
     * short-form registration, rising by equal steps each day of it, 1 from its last day on.
     */
    public double expectedOn(LocalDate day) {
        if (day.isBefore(shortForm.from())) {
            return 0;
        }
        long days = ChronoUnit.DAYS.between(shortForm.from(), shortForm.to()) + 1;
        long done = ChronoUnit.DAYS.between(shortForm.from(), day) + 1;
        return Math.min(1, (double) done / days);
    }

    private static Phase phase(String code, String label, String range, String property) {
        String[] days = range.split("/");
        try {
            if (days.length != 2) {
                throw new DateTimeParseException("FROM/TO expected", range, 0);
            }
            LocalDate from = LocalDate.parse(days[0].strip());
            LocalDate to = LocalDate.parse(days[1].strip());
            if (to.isBefore(from)) {
                throw new IllegalArgumentException(property + ": " + range + " ends before it starts");
            }
            return new Phase(code, label, from, to);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(property + ": '" + range + "' is not FROM/TO in ISO dates (2020-11-01/2020-11-15)", e);
        }
    }
}
