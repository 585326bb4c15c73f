// One function, declared here, defined in greet.c, called from main.c.
#ifndef GREET_H
#define GREET_H

void greet(const char *name, int times);

#endif
