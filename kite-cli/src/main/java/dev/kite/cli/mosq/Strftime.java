package dev.kite.cli.mosq;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** The strftime conversions that {@code @X} in a format may name, in the C locale. */
final class Strftime {
    private Strftime() {
    }

    static String format(char c, ZonedDateTime t) {
        Locale l = Locale.ROOT;
        return switch (c) {
            case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'c' -> t.format(DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH));
            case 'C' -> String.format("%02d", t.getYear() / 100);
            case 'd' -> String.format("%02d", t.getDayOfMonth());
            case 'D' -> t.format(DateTimeFormatter.ofPattern("MM/dd/yy", l));
            case 'e' -> String.format("%2d", t.getDayOfMonth());
            case 'F' -> t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd", l));
            case 'H' -> String.format("%02d", t.getHour());
            case 'I' -> String.format("%02d", t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
            case 'j' -> String.format("%03d", t.getDayOfYear());
            case 'k' -> String.format("%2d", t.getHour());
            case 'l' -> String.format("%2d", t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
            case 'm' -> String.format("%02d", t.getMonthValue());
            case 'M' -> String.format("%02d", t.getMinute());
            case 'n' -> "\n";
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'P' -> t.getHour() < 12 ? "am" : "pm";
            case 'r' -> t.format(DateTimeFormatter.ofPattern("hh:mm:ss a", Locale.ENGLISH));
            case 'R' -> t.format(DateTimeFormatter.ofPattern("HH:mm", l));
            case 's' -> Long.toString(t.toEpochSecond());
            case 'S' -> String.format("%02d", t.getSecond());
            case 't' -> "\t";
            case 'T', 'X' -> t.format(DateTimeFormatter.ofPattern("HH:mm:ss", l));
            case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
            case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case 'x' -> t.format(DateTimeFormatter.ofPattern("MM/dd/yy", l));
            case 'y' -> String.format("%02d", t.getYear() % 100);
            case 'Y' -> Integer.toString(t.getYear());
            case 'z' -> t.format(DateTimeFormatter.ofPattern("xx", l));
            case 'Z' -> t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case '%' -> "%";
            default -> "%" + c;
        };
    }
}
