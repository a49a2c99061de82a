/*
 * Reads an iCalendar stream on stdin with libical and applies its RFC 5545 / RFC 5546 (iTIP)
 * restriction check, the one that refuses METHOD:PUBLISH events without an ORGANIZER. Prints one
 * line per problem libical finds (X-LIC-ERROR properties) and exits 0 only when there is none.
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  size_t cap = 1 << 20, len = 0, n;
  char *text = malloc(cap);
  while ((n = fread(text + len, 1, cap - len - 1, stdin)) > 0) {
    len += n;
    if (len + 1 >= cap) text = realloc(text, cap *= 2);
  }
  text[len] = '\0';
  icalcomponent *calendar = icalparser_parse_string(text);
  if (!calendar) {
    printf("libical could not parse the calendar\n");
    return 2;
  }
  int restrictions_ok = icalrestriction_check(calendar);
  int errors = icalcomponent_count_errors(calendar);
  int events = icalcomponent_count_components(calendar, ICAL_VEVENT_COMPONENT);
  for (icalcomponent *c = icalcomponent_get_first_component(calendar, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component(calendar, ICAL_ANY_COMPONENT)) {
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
      printf("%s\n", icalproperty_get_xlicerror(p));
    }
  }
  for (icalproperty *p = icalcomponent_get_first_property(calendar, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property(calendar, ICAL_XLICERROR_PROPERTY)) {
    printf("%s\n", icalproperty_get_xlicerror(p));
  }
  printf("events=%d restrictions=%d errors=%d\n", events, restrictions_ok, errors);
  icalcomponent_free(calendar);
  free(text);
  return restrictions_ok && errors == 0 ? 0 : 1;
}
