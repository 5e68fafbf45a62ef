# Independent count for plot-run.test: per accuracy_source, the rows of
# evaluations.csv and of front.csv (the files given in that order), printed as
# "SOURCE EVALUATIONS FRONT", sorted by the caller.
FNR == 1 {
  for (i = 1; i <= NF; i++) if ($i == "accuracy_source") column = i
  file++
  next
}
file == 1 { evaluations[$column]++; seen[$column] = 1 }
file == 2 { front[$column]++; seen[$column] = 1 }
END { for (s in seen) print s, evaluations[s] + 0, front[s] + 0 }
