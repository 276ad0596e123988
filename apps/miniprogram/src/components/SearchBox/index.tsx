import { Button, Input, View } from '@tarojs/components';
import { useState } from 'react';
import './index.css';

export interface SearchBoxProps {
  placeholder: string;
  /** Called with the trimmed text ('' when cleared); the list reloads for it. */
  onSearch: (q: string) => void;
  className?: string;
  maxlength?: number;
}

/** A search field: searches on 搜索 / the keyboard's confirm, and 清除 returns to the full list. */
export function SearchBox({ placeholder, onSearch, className, maxlength = 40 }: SearchBoxProps) {
  const [text, setText] = useState('');
  const [active, setActive] = useState('');
  const search = (value: string) => {
    const q = value.trim();
    setActive(q);
    onSearch(q);
  };
  return (
    <View className={`qz-search ${className ?? ''}`}>
      <Input
        className='qz-input qz-search__input'
        confirmType='search'
        placeholder={placeholder}
        maxlength={maxlength}
        value={text}
        onInput={(e) => setText(e.detail.value)}
        onConfirm={(e) => search(e.detail.value)}
      />
      {active && active === text.trim() ? (
        <Button
          className='qz-btn qz-btn--ghost qz-search__button qz-search-clear'
          onClick={() => {
            setText('');
            search('');
          }}
        >
          清除
        </Button>
      ) : (
        <Button className='qz-btn qz-btn--primary qz-search__button qz-search-submit' onClick={() => search(text)}>
          搜索
        </Button>
      )}
    </View>
  );
}
