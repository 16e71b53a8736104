//! docs/search.md stays true to the code.

use armtrace_search::confusion::CONFUSIONS;

const SEARCH_MD: &str = include_str!("../../../docs/search.md");

#[test]
fn the_confusion_table_in_the_docs_is_the_one_in_the_code() {
    let documented: Vec<(char, char, u8)> = SEARCH_MD
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // | pair | weight | why |
            if cells.len() != 5 {
                return None;
            }
            let pair: Vec<char> = cells[1]
                .split(' ')
                .filter_map(|p| p.chars().next())
                .collect();
            let weight = cells[2].parse::<u8>().ok()?;
            (pair.len() == 2 && cells[1].len() == 3).then(|| (pair[0], pair[1], weight))
        })
        .collect();
    let code: Vec<(char, char, u8)> = CONFUSIONS.iter().map(|c| (c.a, c.b, c.weight)).collect();
    assert_eq!(documented, code);
}
