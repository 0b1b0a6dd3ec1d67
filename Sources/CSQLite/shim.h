#ifndef MAWP_CSQLITE_SHIM_H
#define MAWP_CSQLITE_SHIM_H

#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer; Swift cannot import it.
static inline sqlite3_destructor_type mawp_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

// sqlite3_db_config is variadic; Swift cannot call variadic C functions.
// This wraps the (int, int*) form used by the boolean SQLITE_DBCONFIG_* options.
static inline int mawp_sqlite_db_config_bool(sqlite3 *db, int op, int value, int *newValue) {
    return sqlite3_db_config(db, op, value, newValue);
}

#endif
