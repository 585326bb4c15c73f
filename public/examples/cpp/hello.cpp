// C++ with the standard library: streams, strings, containers and algorithms.
// The WASI sysroot's libc++abi has no exception support: build with -fno-exceptions.
#include <algorithm>
#include <iostream>
#include <map>
#include <string>
#include <vector>

int main() {
  std::vector<std::string> words{"wasm", "containers", "in", "the", "browser", "wasm"};
  std::map<std::string, int> counts;
  for (const auto &w : words) counts[w]++;
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  for (const auto &w : words) std::cout << w << ": " << counts[w] << '\n';
  return 0;
}
