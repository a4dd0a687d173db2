;; The sum of a tree ensemble's leaves for one input, in WebAssembly: the re-rank and the decision walk a
;; hundred trees for every candidate sentence. Each tree is complete to depth D (see `trees.ts`), so a walk is
;; D steps of n = 2n + 1 (x[feature] < threshold) or 2n + 2, with no branch: the comparison gives 1 or 0. Four
;; trees are walked side by side, since each step waits on the last one's loads and the four do not depend on
;; each other. Leaves are added in tree order, in f64 as JavaScript adds them, so the sum is the same.
;;
;; Edit this file, then `npm run build:wasm` writes its bytes into trees-wasm.ts (a test checks they match).
(module
  (memory (export "memory") 1)
  ;; Memory: x (f64 per feature) at $x; per tree, 2^D - 1 split features (i32) at $feat and thresholds (f64) at
  ;; $thr, breadth first; per tree, 2^D leaves (f64) at $leaf.
  (func (export "sum") (param $trees i32) (param $depth i32) (param $x i32) (param $feat i32) (param $thr i32) (param $leaf i32) (result f64)
    (local $inner i32) (local $t i32) (local $level i32) (local $sum f64)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $n0 i32) (local $n1 i32) (local $n2 i32) (local $n3 i32)
    (local.set $inner (i32.sub (i32.shl (i32.const 1) (local.get $depth)) (i32.const 1)))
    (block $groups_done
      (loop $group
        (br_if $groups_done (i32.gt_u (i32.add (local.get $t) (i32.const 4)) (local.get $trees)))
        (local.set $b0 (i32.mul (local.get $t) (local.get $inner)))
        (local.set $b1 (i32.add (local.get $b0) (local.get $inner)))
        (local.set $b2 (i32.add (local.get $b1) (local.get $inner)))
        (local.set $b3 (i32.add (local.get $b2) (local.get $inner)))
        (local.set $n0 (i32.const 0))
        (local.set $n1 (i32.const 0))
        (local.set $n2 (i32.const 0))
        (local.set $n3 (i32.const 0))
        (local.set $level (i32.const 0))
        (block $levels_done
          (loop $level_loop
            (br_if $levels_done (i32.ge_u (local.get $level) (local.get $depth)))
        (local.set $n0 (i32.sub (i32.add (i32.shl (local.get $n0) (i32.const 1)) (i32.const 2))
          (f64.lt (f64.load (i32.add (local.get $x) (i32.shl (i32.load (i32.add (local.get $feat) (i32.shl (i32.add (local.get $b0) (local.get $n0)) (i32.const 2)))) (i32.const 3))))
                  (f64.load (i32.add (local.get $thr) (i32.shl (i32.add (local.get $b0) (local.get $n0)) (i32.const 3)))))))
        (local.set $n1 (i32.sub (i32.add (i32.shl (local.get $n1) (i32.const 1)) (i32.const 2))
          (f64.lt (f64.load (i32.add (local.get $x) (i32.shl (i32.load (i32.add (local.get $feat) (i32.shl (i32.add (local.get $b1) (local.get $n1)) (i32.const 2)))) (i32.const 3))))
                  (f64.load (i32.add (local.get $thr) (i32.shl (i32.add (local.get $b1) (local.get $n1)) (i32.const 3)))))))
        (local.set $n2 (i32.sub (i32.add (i32.shl (local.get $n2) (i32.const 1)) (i32.const 2))
          (f64.lt (f64.load (i32.add (local.get $x) (i32.shl (i32.load (i32.add (local.get $feat) (i32.shl (i32.add (local.get $b2) (local.get $n2)) (i32.const 2)))) (i32.const 3))))
                  (f64.load (i32.add (local.get $thr) (i32.shl (i32.add (local.get $b2) (local.get $n2)) (i32.const 3)))))))
        (local.set $n3 (i32.sub (i32.add (i32.shl (local.get $n3) (i32.const 1)) (i32.const 2))
          (f64.lt (f64.load (i32.add (local.get $x) (i32.shl (i32.load (i32.add (local.get $feat) (i32.shl (i32.add (local.get $b3) (local.get $n3)) (i32.const 2)))) (i32.const 3))))
                  (f64.load (i32.add (local.get $thr) (i32.shl (i32.add (local.get $b3) (local.get $n3)) (i32.const 3)))))))
            (local.set $level (i32.add (local.get $level) (i32.const 1)))
            (br $level_loop)))
        (local.set $sum (f64.add (local.get $sum) (f64.load (i32.add (local.get $leaf) (i32.shl (i32.sub (i32.add (i32.add (local.get $b0) (i32.add (local.get $t) (i32.const 0))) (local.get $n0)) (local.get $inner)) (i32.const 3))))))
        (local.set $sum (f64.add (local.get $sum) (f64.load (i32.add (local.get $leaf) (i32.shl (i32.sub (i32.add (i32.add (local.get $b1) (i32.add (local.get $t) (i32.const 1))) (local.get $n1)) (local.get $inner)) (i32.const 3))))))
        (local.set $sum (f64.add (local.get $sum) (f64.load (i32.add (local.get $leaf) (i32.shl (i32.sub (i32.add (i32.add (local.get $b2) (i32.add (local.get $t) (i32.const 2))) (local.get $n2)) (local.get $inner)) (i32.const 3))))))
        (local.set $sum (f64.add (local.get $sum) (f64.load (i32.add (local.get $leaf) (i32.shl (i32.sub (i32.add (i32.add (local.get $b3) (i32.add (local.get $t) (i32.const 3))) (local.get $n3)) (local.get $inner)) (i32.const 3))))))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (br $group)))
    ;; The last trees, one at a time.
    (block $rest_done
      (loop $rest
        (br_if $rest_done (i32.ge_u (local.get $t) (local.get $trees)))
        (local.set $b0 (i32.mul (local.get $t) (local.get $inner)))
        (local.set $n0 (i32.const 0))
        (local.set $level (i32.const 0))
        (block $levels_done
          (loop $level_loop
            (br_if $levels_done (i32.ge_u (local.get $level) (local.get $depth)))
        (local.set $n0 (i32.sub (i32.add (i32.shl (local.get $n0) (i32.const 1)) (i32.const 2))
          (f64.lt (f64.load (i32.add (local.get $x) (i32.shl (i32.load (i32.add (local.get $feat) (i32.shl (i32.add (local.get $b0) (local.get $n0)) (i32.const 2)))) (i32.const 3))))
                  (f64.load (i32.add (local.get $thr) (i32.shl (i32.add (local.get $b0) (local.get $n0)) (i32.const 3)))))))
            (local.set $level (i32.add (local.get $level) (i32.const 1)))
            (br $level_loop)))
        (local.set $sum (f64.add (local.get $sum) (f64.load (i32.add (local.get $leaf) (i32.shl (i32.sub (i32.add (i32.add (local.get $b0) (i32.add (local.get $t) (i32.const 0))) (local.get $n0)) (local.get $inner)) (i32.const 3))))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rest)))
    (local.get $sum))
)
