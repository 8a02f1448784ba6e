// Calls the functions of test/Pipelines/empty-inputs.mlir, whose inputs have
// no elements, with null input pointers (there is nothing to read) and
// poisoned outputs, and prints what they wrote.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "empty.h"

int main(void) {
  int32_t keep[1] = {-7}, count[1] = {-7};
  no_candidates(NULL, NULL, keep, count);
  printf("no_candidates: count %d\n", (int)count[0]);

  float boxes[1][3][4], scores[1][3], classes[1][3];
  int32_t valid[1] = {-7};
  memset(boxes, 0xab, sizeof boxes);
  memset(scores, 0xab, sizeof scores);
  memset(classes, 0xab, sizeof classes);
  no_boxes(NULL, NULL, &boxes[0][0][0], &scores[0][0], &classes[0][0], valid);
  int zeros = 0;
  for (int i = 0; i < 3; ++i) {
    zeros += (scores[0][i] == 0.0f) + (classes[0][i] == 0.0f);
    for (int j = 0; j < 4; ++j)
      zeros += boxes[0][i][j] == 0.0f;
  }
  printf("no_boxes: valid %d, %d of 18 padding values are 0\n", (int)valid[0], zeros);
  return 0;
}
