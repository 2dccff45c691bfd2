// Move-only owners of Vectorscan's C handles: a compiled database and a
// scratch space. A database is immutable and may be shared by threads; a
// scratch space belongs to one thread at a time.
#pragma once

#include <memory>

struct hs_database;
struct hs_scratch;

namespace feedwatch::rules {

struct DatabaseDeleter {
  void operator()(hs_database* database) const;
};
struct ScratchDeleter {
  void operator()(hs_scratch* scratch) const;
};

using VectorscanDatabase = std::unique_ptr<hs_database, DatabaseDeleter>;
using VectorscanScratch = std::unique_ptr<hs_scratch, ScratchDeleter>;

}  // namespace feedwatch::rules
