# Dates and times in English as the cooperation's offices write them in German, so that
# a page reads the same in either language: 16.06.2020, 14:30.
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
