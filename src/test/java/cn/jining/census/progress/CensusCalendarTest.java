package cn.jining.census.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CensusCalendarTest {

    private static CalendarSettings settings(String shortForm) {
        return new CalendarSettings() {
            public String preListing() {
                return "2020-10-11/2020-10-31";
            }

            public String shortForm() {
                return shortForm;
            }

            public String longForm() {
                return "2020-11-16/2020-11-30";
            }

            public String reCheck() {
                return "2020-12-01/2020-12-10";
            }
        };
    }

    private static final CensusCalendar SEVENTH = new CensusCalendar(settings("2020-11-01/2020-11-15"));

    @ParameterizedTest
    @CsvSource({ "2020-10-20,pre-listing", "2020-11-01,short-form", "2020-11-15,short-form", "2020-11-16,long-form",
            "2020-12-10,re-check" })
    void dayFallsInItsPhase(String day, String phase) {
        assertEquals(phase, SEVENTH.phaseOn(LocalDate.parse(day)).orElseThrow().code());
    }

    @Test
    void dayOutsideTheCalendarHasNoPhase() {
        assertEquals(java.util.Optional.empty(), SEVENTH.phaseOn(LocalDate.parse("2021-01-05")));
    }

    @ParameterizedTest
    @CsvSource({ "2020-10-31,0", "2020-11-01,0.0666667", "2020-11-08,0.5333333", "2020-11-15,1", "2020-12-31,1" })
    void expectedShareRisesDayByDayThroughShortFormRegistration(String day, double expected) {
        assertEquals(expected, SEVENTH.expectedOn(LocalDate.parse(day)), 1e-6);
    }

    @Test
    void malformedSettingNamesTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CensusCalendar(settings("2020-11-01")));
        assertEquals(true, e.getMessage().startsWith("census.calendar.short-form:"));
        assertThrows(IllegalArgumentException.class, () -> new CensusCalendar(settings("2020-11-15/2020-11-01")));
    }
}
