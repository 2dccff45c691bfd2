#include "rules/vectorscan_handle.h"

#include <hs.h>

namespace feedwatch::rules {

void DatabaseDeleter::operator()(hs_database* database) const { hs_free_database(database); }

void ScratchDeleter::operator()(hs_scratch* scratch) const { hs_free_scratch(scratch); }

}  // namespace feedwatch::rules
