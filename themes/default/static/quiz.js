// 测验打分（渐进增强）：没有脚本时每题下面的“看答案”照样能用。有脚本时每份测验加一个“交卷”按钮：
// 逐题用文字说对错（不只靠颜色），并在下面说一共答对几题；再加“打印学习单”按钮。什么也不发送、不保存。
(function () {
  if (window.jieshuiQuiz) return;
  window.jieshuiQuiz = true;
  function setup(box) {
    var form = box.querySelector('.quiz-form');
    if (!form || form.dataset.ready) return;
    form.dataset.ready = '1';
    var bar = document.createElement('p');
    bar.className = 'quiz-actions';
    var check = document.createElement('button');
    check.type = 'submit';
    check.textContent = '交卷，看看答对几题';
    var print = document.createElement('button');
    print.type = 'button';
    print.textContent = '打印学习单';
    print.addEventListener('click', function () { window.print(); });
    bar.appendChild(check);
    bar.appendChild(document.createTextNode(' '));
    bar.appendChild(print);
    form.insertBefore(bar, form.querySelector('.quiz-score'));
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var items = form.querySelectorAll('.quiz-question');
      var right = 0;
      items.forEach(function (item) {
        var picked = item.querySelector('input:checked');
        var answer = item.dataset.answer;
        var out = item.querySelector('.quiz-feedback');
        item.classList.remove('is-right', 'is-wrong');
        if (!picked) {
          out.textContent = '这题还没有选。正确答案是 ' + answer + '。';
          item.classList.add('is-wrong');
        } else if (picked.value === answer) {
          right += 1;
          out.textContent = '✓ 答对了！';
          item.classList.add('is-right');
        } else {
          out.textContent = '✗ 选了 ' + picked.value + '，不对。正确答案是 ' + answer + '。';
          item.classList.add('is-wrong');
        }
      });
      form.querySelector('.quiz-score').textContent =
        '一共 ' + items.length + ' 题，答对了 ' + right + ' 题。';
    });
  }
  function all() { document.querySelectorAll('[data-quiz]').forEach(setup); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', all);
  else all();
})();
